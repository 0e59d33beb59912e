"""A covering partial index for counting and listing public stories on PostgreSQL.

Every paginated public list counts the stories a reader may see (``live_q()``: status published,
publish time passed, no embargo or a past one). Without this index PostgreSQL reads the whole
article table for that count; with it, an index-only scan of the public stories alone. It
lives here, not on ``Article.Meta``, because partial ``INCLUDE`` indexes are
PostgreSQL-only; SQLite skips it. No model state changes, so ``makemigrations`` stays clean.
"""

from django.db import migrations

INDEX = "article_public_published_cover"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article (published_at DESC, id DESC) "
            "INCLUDE (embargo_until, section_id) WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_restrict_anonymous_attribution_deletion"),
        ("articles", "0007_workflow_events_revisions"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
