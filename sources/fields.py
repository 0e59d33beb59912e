"""Encryption at rest for a source's contact details and notes.

The values are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under
NEWSROOM_FIELD_ENCRYPTION_KEY. Several comma-separated keys allow rotation: the first encrypts,
every one is tried to decrypt (``MultiFernet``). The database, a dump and a backup hold only
ciphertext; **losing the key loses these fields**. Encrypted columns cannot be searched,
filtered or ordered on: each encryption of the same value differs.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# How an encrypted value is marked in fixtures and backups (dumpdata/loaddata), so that loading
# it can tell ciphertext from a value typed into a form.
SERIALISED_PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("NEWSROOM_FIELD_ENCRYPTION_KEY is not set.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.NEWSROOM_FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "An encrypted source field cannot be decrypted with NEWSROOM_FIELD_ENCRYPTION_KEY: "
            "the key is wrong or missing (see SECURITY.md)."
        ) from error


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; Python code and forms see the plain value.

    ``max_length`` limits what a form accepts (the column is unbounded text), and
    ``single_line`` gives a one-line input instead of a text area.
    """

    def __init__(self, *args, single_line: bool = False, **kwargs):
        self.single_line = single_line
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.single_line:
            kwargs["single_line"] = True
        return name, path, args, kwargs

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(SERIALISED_PREFIX):
            return decrypt(value.removeprefix(SERIALISED_PREFIX))
        return super().to_python(value)

    def value_to_string(self, obj):
        """Fixtures and backups carry the ciphertext, never the plain value."""
        value = self.value_from_object(obj)
        return SERIALISED_PREFIX + encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name not in {"exact", "isnull"}:
            return None  # ciphertext cannot be searched: refuse rather than match nothing
        return super().get_lookup(lookup_name)

    def formfield(self, **kwargs):
        if self.single_line:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)
