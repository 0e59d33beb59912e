"""A small stored vector of the headline (A) and dek (B) to rank search results (PostgreSQL).

``search_vector`` (0010) holds the body too, so it is stored out of line: ranking matches by it
read each one's vector from the TOAST table. ``rank_vector`` stays in the row. The trigger of
0010 fills both on every insert and on every update of the text; on SQLite the column stays
empty, as ``search_vector`` does.
"""

import django.contrib.postgres.search
from django.db import migrations

TITLE = """
    setweight(to_tsvector('english'::regconfig, COALESCE({row}headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE({row}dek, '')), 'B')
"""
BODY = "setweight(to_tsvector('english'::regconfig, COALESCE({row}body, '')), 'C')"

FUNCTION = """
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        {assignments}
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
"""
BOTH = (
    f"NEW.rank_vector := {TITLE.format(row='NEW.')};\n"
    f"NEW.search_vector := NEW.rank_vector || {BODY.format(row='NEW.')};"
)
SEARCH_ONLY = f"NEW.search_vector := {TITLE.format(row='NEW.')} || {BODY.format(row='NEW.')};"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.format(assignments=BOTH))
        # The trigger fires on updates of the text and of search_vector, not of this column.
        schema_editor.execute(f"UPDATE articles_article SET rank_vector = {TITLE.format(row='')}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION.format(assignments=SEARCH_ONLY))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_declare_search_vector_gin_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text=(
                    "Headline and dek, to rank search results; kept by the same trigger. Small "
                    "enough to be stored in the row, unlike search_vector."
                ),
                null=True,
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
