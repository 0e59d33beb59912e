"""Querysets compiled to SQL once per database, for reads whose building costs more than running.

Building and compiling a queryset costs Django far more than a database takes to answer a
primary-key read, and the content version (``articles.models.PublicStateManager``) is read by
every public request, page-cache hits included; the reader search's people and organisations
are found with queries whose rule (who is public) takes longer to build than to run.
``CompiledQuery`` keeps the SQL Django compiles for a queryset and runs it as plain SQL after;
the paired A/Bs that keep each use are in docs/performance.md.

What changes between runs is a ``Parameter``: an expression Django compiles as a placeholder,
given its value at each run (``rows(now=...)``), and prepared for the database by its output
field as Django prepares any value. The one ORM method used that Django does not document,
``Query.sql_with_params()``, is pinned by tests/test_compiled.py, which also checks on each
database that the rows come back as the ORM's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

from django.db import connections
from django.db.models import Expression, QuerySet
from django.utils import timezone


class Parameter(Expression):
    """A value a ``CompiledQuery`` is given at each run, by ``name``; ``output_field`` prepares
    it for the database (a datetime for SQLite, say) and types it where SQL needs a type."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def __repr__(self) -> str:
        return f"Parameter({self.name!r})"


class CompiledQuery:
    """The ``fields`` of ``build()``'s rows, read with the SQL compiled for them on first use on
    each database. Each value comes back as its field's ``to_python()`` makes it, a datetime
    aware (SQLite hands back UTC text)."""

    def __init__(self, build: Callable[[], QuerySet], *, fields: tuple[str, ...]):
        self.build = build
        self.fields = fields
        self._compiled: dict[str, tuple[str, tuple, list]] = {}

    def rows(self, using: str, **values) -> list[tuple]:
        """The rows, each ``Parameter`` given its value from ``values``."""
        sql, params, fields = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        params = [
            param.output_field.get_db_prep_value(values[param.name], connection)
            if isinstance(param, Parameter)
            else param
            for param in params
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [
            tuple(_to_python(f, value) for f, value in zip(fields, row, strict=True))
            for row in rows
        ]

    def objects(self, using: str, **values) -> list:
        """The rows as instances of the queryset's model (``Model.from_db``), with ``fields``
        loaded and the others deferred, as ``only()`` leaves them."""
        rows = self.rows(using, **values)
        fields = self._compiled[using][2]
        model, names = fields[0].model, [field.attname for field in fields]
        return [model.from_db(using, names, row) for row in rows]

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
