"""A covering partial index telling, from the index alone, whether a story is public.

Related stories (``articles.related``) rank up to 30 candidates per topic of the story and need,
for each, only whether a reader may see it and its publish time; with this index that is an
index-only scan instead of a visit to each candidate's row, and only the five shown are read.
PostgreSQL-only, like ``sources.0004``: SQLite has no ``INCLUDE``. No model state changes.
"""

from django.db import migrations

INDEX = "article_public_by_id"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article (id) "
            "INCLUDE (published_at, embargo_until) WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_listing_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
