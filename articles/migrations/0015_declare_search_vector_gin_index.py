"""Declare on the model the GIN index on ``Article.search_vector`` that 0010 made in SQL.

PostgreSQL has had the index since 0010, so only Django's state learns of it there. Elsewhere
(SQLite, where the column stays empty) Django makes it a plain index, as for any ``GinIndex``.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX = GinIndex(fields=["search_vector"], name="article_search_vector")


def add_outside_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), INDEX)


def remove_outside_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_track_who_changed_the_words"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(
                    add_outside_postgresql, remove_outside_postgresql, elidable=False
                )
            ],
            state_operations=[migrations.AddIndex(model_name="article", index=INDEX)],
        )
    ]
