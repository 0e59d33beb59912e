"""A stored, weighted tsvector per story, kept by a trigger, with a GIN index (PostgreSQL).

Search used to rebuild each matching story's vector from its body to rank it. The trigger fills
``search_vector`` on every insert and update, bulk inserts from ``seed_archive`` included; the
expression index of 0006 is replaced by a GIN index on the column. On SQLite the column exists
and stays empty: search there uses ``icontains``.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTOR = """
    setweight(to_tsvector('english'::regconfig, COALESCE({row}headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE({row}dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE({row}body, '')), 'C')
"""

FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := {VECTOR.format(row="NEW.")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    f"UPDATE articles_article SET search_vector = {VECTOR.format(row='')}",
    """
    CREATE TRIGGER article_search_vector_update
    BEFORE INSERT OR UPDATE OF headline, dek, body, search_vector ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    "CREATE INDEX IF NOT EXISTS article_search_vector ON articles_article USING GIN (search_vector)",
    "DROP INDEX IF EXISTS article_search_vector_gin",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS article_search_vector_update ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "DROP INDEX IF EXISTS article_search_vector",
    "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING GIN (("
    + VECTOR.format(row="")
    + "))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_public_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Headline, dek and body for full-text search; kept by a PostgreSQL trigger.",
                null=True,
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
