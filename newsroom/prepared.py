"""Querysets compiled to SQL once per process, then run with each request's values.

Django builds and compiles a queryset on every request. On the public site's busiest pages that
cost more than running the query: for a story's own row, 0.2 ms to build the queryset and 0.7 ms
to compile it, against 0.4 ms in PostgreSQL (bench machine, README). A ``PreparedQuery`` builds its
queryset once per database with stand-in values for what changes between requests (the time,
a slug), finds those values among the compiled parameters, and from then on runs the same SQL
with the request's values in their places, converting the rows as ``values()`` would. SQLAlchemy
caches compiled statements for the same reason.

On PostgreSQL the SQL is also prepared on the server (``PREPARE``), once per connection, so the
planner does not plan it again on every request: planning the story page's query took longer
than running it (1.7 against 0.8 ms). ``NEWSROOM_PREPARED_STATEMENTS=off`` sends plain SQL
instead, for a connection pooler in transaction mode (PgBouncer), where the next transaction
may land on a server connection that never saw the ``PREPARE``.

The queryset is still built by ordinary queryset code, ``published()`` included, so nothing is
restated here. Each parameter must reach the SQL as a bound parameter: a comparison or an exact
lookup, not a ``LIMIT``, a list whose length varies, or part of a ``LIKE`` pattern. A parameter
that cannot be found is an error when the query is first compiled.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import QuerySet
from django.utils.functional import cached_property


def _stand_in(kind: type, name: str):
    """A value no request could carry, different for each parameter."""
    if kind is datetime:
        return datetime(2222, 2, 2, 2, 2, 2, secrets.randbelow(999_999) + 1, tzinfo=UTC)
    if kind is str:
        return f"prepared-{name}-{secrets.token_hex(8)}"
    if kind is int:
        return 2**62 + secrets.randbelow(2**40)
    raise ImproperlyConfigured(f"PreparedQuery parameters are datetime, str or int, not {kind}.")


def _bind(kind: type, value, connection):
    if kind is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    return value


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[str, tuple[int, ...]]  # parameter name -> positions in params
    names: tuple[str, ...]
    compiler: object
    converters: dict

    @property
    def statement(self) -> str:
        """The server-side name of this SQL: the same SQL always gets the same name."""
        return "newsroom_" + hashlib.sha256(self.sql.encode()).hexdigest()[:24]

    def prepare_sql(self) -> str:
        """``PREPARE`` with PostgreSQL's ``$1 … $n`` placeholders for Django's ``%s``."""
        numbers = iter(range(1, len(self.params) + 1))
        body = re.sub(r"%[s%]", lambda m: "%" if m[0] == "%%" else f"${next(numbers)}", self.sql)
        return f"PREPARE {self.statement} AS {body}"

    def execute_sql(self) -> str:
        placeholders = ", ".join(["%s"] * len(self.params))
        return (
            f"EXECUTE {self.statement} ({placeholders})"
            if self.params
            else f"EXECUTE {self.statement}"
        )


# The statements each open PostgreSQL connection has prepared; forgotten with the connection.
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _server_side(connection, compiled: _Compiled) -> str:
    """The SQL to send for ``compiled`` on ``connection``, preparing it there first if needed.

    The ``PREPARE`` goes through the driver's own cursor, like the settings Django sends when
    it connects, so query counts and logs show one statement per request, the ``EXECUTE``.
    """
    if connection.vendor != "postgresql" or not settings.NEWSROOM_PREPARED_STATEMENTS:
        return compiled.sql
    prepared = _prepared_on.setdefault(connection.connection, set())
    if compiled.statement not in prepared:
        with connection.connection.cursor() as cursor:
            cursor.execute(compiled.prepare_sql())
        prepared.add(compiled.statement)
    return compiled.execute_sql()


class PreparedQuery:
    """``PreparedQuery(build, now=datetime, slug=str)``; ``query.rows(now=..., slug=...)``.

    ``build(**stand_ins)`` returns a ``values()`` queryset. Rows come back as dicts.
    """

    def __init__(self, build: Callable[..., QuerySet], **parameters: type):
        self.build = build
        self.parameters = parameters
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, **values) -> list[dict]:
        if values.keys() != self.parameters.keys():
            raise TypeError(f"PreparedQuery takes {sorted(self.parameters)}, got {sorted(values)}.")
        alias = self._alias()
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            bound = _bind(self.parameters[name], values[name], connection)
            for position in positions:
                params[position] = bound
        with connection.cursor() as cursor:  # connects first, if need be
            cursor.execute(_server_side(connection, compiled), params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _alias(self) -> str:
        return router.db_for_read(self.model)

    @cached_property
    def model(self):
        return self.build(**self._stand_ins()).model

    def _stand_ins(self) -> dict:
        return {name: _stand_in(kind, name) for name, kind in self.parameters.items()}

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        stand_ins = self._stand_ins()
        queryset = self.build(**stand_ins)
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        slots = {}
        for name, kind in self.parameters.items():
            bound = _bind(kind, stand_ins[name], connection)
            slots[name] = tuple(i for i, param in enumerate(params) if param == bound)
            if not slots[name]:
                raise ImproperlyConfigured(
                    f"PreparedQuery: parameter {name!r} is not a bound parameter of the SQL."
                )
        names = tuple(
            query.selected or [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            names=names,
            compiler=compiler,
            converters=compiler.get_converters(fields),
        )
        self._compiled[alias] = compiled
        return compiled
