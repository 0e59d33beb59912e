"""A fixed query compiled to SQL once per database, for the one read every public request makes.

Building and compiling a queryset costs Django far more than a database takes to answer a
primary-key read, and the content version (``articles.models.PublicStateManager``) is read by
every public request, page-cache hits included. ``CompiledQuery`` keeps the SQL Django compiles
for a queryset and runs it as plain SQL after; a paired A/B is in docs/performance.md.

It is for querysets that never change between runs (no parameter comes from the request), and it
uses one ORM method Django does not document, ``Query.sql_with_params()``: tests in
tests/test_compiled.py pin it, and check on each database that the rows come back as the ORM's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone


class CompiledQuery:
    """The ``fields`` of ``build()``'s rows, read with the SQL compiled for them on first use on
    each database. Each value comes back as its field's ``to_python()`` makes it, a datetime
    aware (SQLite hands back UTC text)."""

    def __init__(self, build: Callable[[], QuerySet], *, fields: tuple[str, ...]):
        self.build = build
        self.fields = fields
        self._compiled: dict[str, tuple[str, tuple, list]] = {}

    def rows(self, using: str) -> list[tuple]:
        sql, params, fields = self._compiled.get(using) or self._compile(using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            tuple(_to_python(f, value) for f, value in zip(fields, row, strict=True))
            for row in rows
        ]

    def _compile(self, using: str) -> tuple[str, tuple, list]:
        queryset = self.build().using(using).values_list(*self.fields)
        fields = [queryset.model._meta.get_field(name) for name in self.fields]
        sql, params = queryset.query.sql_with_params()
        self._compiled[using] = (sql, params, fields)
        return self._compiled[using]


def _to_python(field, value):
    value = field.to_python(value)
    if hasattr(value, "tzinfo") and timezone.is_naive(value):
        return timezone.make_aware(value, UTC)
    return value
