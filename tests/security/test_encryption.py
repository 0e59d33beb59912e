"""Source contact details and notes are encrypted at rest; the model hands them back in clear."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sources.fields import SERIALISED_PREFIX
from sources.models import Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
PHONE = "+92 51 555 0147"
EMAIL = "demo.confidential.person@example.invalid"
NOTES = "Met in person; speaks only on background."


def raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email, private_notes FROM sources_source WHERE id = %s", [pk])
        return cursor.fetchone()


def test_contact_details_are_ciphertext_in_the_database_and_clear_in_python():
    source = SourceFactory(phone=PHONE, email=EMAIL, private_notes=NOTES)
    raw = raw_row(source.pk)
    for column, secret in zip(raw, [PHONE, EMAIL, NOTES], strict=True):
        assert secret not in column
        assert "555" not in column
        assert column.startswith("gAAAAA")  # a Fernet token
    source = Source.objects.get(pk=source.pk)
    assert (source.phone, source.email, source.private_notes) == (PHONE, EMAIL, NOTES)


def test_empty_values_stay_empty():
    source = SourceFactory(phone="", email="")
    assert raw_row(source.pk)[:2] == ("", "")


def test_dumps_carry_ciphertext_and_load_back_to_clear():
    source = SourceFactory(phone=PHONE, email=EMAIL)
    dump = serializers.serialize("json", [source])
    assert PHONE not in dump and EMAIL not in dump
    assert SERIALISED_PREFIX in dump
    (loaded,) = serializers.deserialize("json", dump)
    assert loaded.object.phone == PHONE


def test_encrypted_fields_refuse_searches():
    with pytest.raises(Exception, match="Unsupported lookup"):
        list(Source.objects.filter(phone__icontains="555"))


def test_rotation_decrypts_old_values_with_an_older_key(settings):
    old_key = settings.NEWSROOM_FIELD_ENCRYPTION_KEYS[0]
    source = SourceFactory(phone=PHONE)
    settings.NEWSROOM_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    assert Source.objects.get(pk=source.pk).phone == PHONE


def test_a_wrong_key_fails_loudly_rather_than_returning_ciphertext(settings):
    source = SourceFactory(phone=PHONE)
    settings.NEWSROOM_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Source.objects.get(pk=source.pk)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_encrypts_existing_rows_and_its_reverse_decrypts():
    executor = MigrationExecutor(connection)
    before = [("sources", "0005_reject_invisible_characters_in_names")]
    after = [("sources", "0006_encrypt_source_contact_details")]
    try:
        executor.migrate(before)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sources_source (name, slug, honorific, title, kind, bio, phone, "
                "email, private_notes, created_at, updated_at) VALUES (%s, %s, '', '', "
                "'other', '', %s, %s, %s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                ["Old Row", "old-row", PHONE, EMAIL, NOTES],
            )
            cursor.execute("SELECT id FROM sources_source WHERE slug = 'old-row'")
            (pk,) = cursor.fetchone()
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert PHONE not in raw_row(pk)[0]
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        assert raw_row(pk) == (PHONE, EMAIL, NOTES)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
