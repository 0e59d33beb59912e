"""Trigram indexes for the reader search's people and organisations (PostgreSQL).

Search matches names with ``icontains`` (``UPPER(name) LIKE UPPER('%term%')``), which no B-tree
can serve: every search read the whole table of people. A GIN index of the upper-cased name's
trigrams answers it from the index. ``pg_trgm`` ships with PostgreSQL
and is a trusted extension, so the database owner may create it. SQLite keeps its table scan.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS source_name_trigram "
    "ON sources_source USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS organisation_name_trigram "
    "ON sources_organisation USING gin (UPPER(name) gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS source_name_trigram",
    "DROP INDEX IF EXISTS organisation_name_trigram",
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
        ("sources", "0006_encrypt_source_contact_details"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
