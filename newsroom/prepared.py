"""Querysets compiled to SQL once per process, then run with each request's values.

Django builds and compiles a queryset on every request. On the public site's busiest pages that
cost more than running the query: for a story's own row, 0.2 ms to build the queryset and 0.7 ms
to compile it, against 0.4 ms in PostgreSQL (bench machine, README). A ``PreparedQuery`` builds its
queryset once per database with stand-in values for what changes between requests (the time,
a slug, a reader's words), finds those values among the compiled parameters, and from then on
runs the same SQL with the request's values in their places, converting the rows as
``values()`` would (or making model instances, as ``raw()`` does). SQLAlchemy caches compiled
statements for the same reason.

It compiles twice, with different stand-ins, and refuses (``ImproperlyConfigured``) unless the
two SQL texts are the same and only the stand-ins' parameters differ: a value the queryset
worked out from a parameter (a date computed from "now", a length) could not be replaced.
Parameters are ``datetime``, ``int``, ``str`` (passed as is, e.g. to a full-text query) or
``CONTAINS`` (a ``str`` in an ``__icontains`` lookup, whose LIKE wildcards the ORM escapes).

On PostgreSQL the SQL is also prepared on the server (``PREPARE``), once per connection, so the
planner does not plan it again on every request: planning the story page's query took longer
than running it (1.7 against 0.8 ms). A query whose best plan depends on its values (search:
a rare word and a common one) passes ``server_side=False``. ``NEWSROOM_PREPARED_STATEMENTS=off``
sends plain SQL everywhere, for a connection pooler in transaction mode (PgBouncer), where the
next transaction may land on a server connection that never saw the ``PREPARE``.

The queryset is still built by ordinary queryset code, ``published()`` included, so nothing is
restated here. ``paged=True`` adds ``LIMIT``/``OFFSET`` parameters, for a paginator.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models import QuerySet
from django.utils.functional import cached_property

from newsroom.reconnect import retry_if_dropped

NO_LIMIT = 2**62


@dataclass(frozen=True)
class Kind:
    """How a parameter of one kind is stood in for and bound."""

    stand_in: Callable[[int, int], object]  # (parameter's number, variant) -> no request's value
    bind: Callable[[object, object], object]  # (value, connection) -> the SQL parameter


def _text_stand_in(number: int, variant: int) -> str:
    # A control character (clean text never has one) and LIKE's wildcards and escape
    # character, so that how they are escaped is checked too.
    return f"\x1f{variant}-{number}%_\\stand-in"


DATETIME = Kind(
    stand_in=lambda number, variant: datetime(
        2222 + variant, 2, 2, 2, 2, 2, number + 1, tzinfo=UTC
    ),
    bind=lambda value, connection: connection.ops.adapt_datetimefield_value(value),
)
INTEGER = Kind(
    stand_in=lambda number, variant: 2**62 + variant * 2**40 + number,
    bind=lambda value, connection: value,
)
TEXT = Kind(stand_in=_text_stand_in, bind=lambda value, connection: value)
CONTAINS = Kind(
    stand_in=_text_stand_in,
    bind=lambda value, connection: f"%{connection.ops.prep_for_like_query(value)}%",
)
_KINDS = {datetime: DATETIME, int: INTEGER, str: TEXT}


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: dict[str, tuple[int, ...]]  # parameter name -> positions in params
    names: tuple[str, ...]
    compiler: object
    converters: dict
    paged: bool  # the SQL ends with LIMIT %s OFFSET %s, two parameters more than ``params``

    @cached_property
    def statement(self) -> str:
        """The server-side name: the same SQL with the same constants always gets the same one.
        (Remembered: hashing the story page's 6 KB of SQL twice a request was measurable.)"""
        key = f"{self.sql}\0{self.params!r}\0{self.paged}"
        return "newsroom_" + hashlib.sha256(key.encode()).hexdigest()[:24]

    @property
    def parameter_count(self) -> int:
        """The prepared statement's parameters: one per named parameter, then LIMIT and OFFSET."""
        return len(self.slots) + (2 if self.paged else 0)

    def prepare_sql(self, connection) -> str:
        """``PREPARE``: each named parameter becomes one ``$n`` wherever it is used, every other
        parameter (a JSON key, a status) a literal, so each ``EXECUTE`` sends only what changes."""
        number_at = {
            position: number
            for number, positions in enumerate(self.slots.values(), start=1)
            for position in positions
        }
        positions = iter(range(len(self.params) + 2))
        paged = iter(range(len(self.slots) + 1, len(self.slots) + 3))

        def placeholder(match) -> str:
            if match[0] == "%%":
                return "%"
            position = next(positions)
            if position >= len(self.params):
                return f"${next(paged)}"  # LIMIT, OFFSET
            if position in number_at:
                return f"${number_at[position]}"
            return connection.ops.compose_sql("%s", [self.params[position]])

        return f"PREPARE {self.statement} AS {re.sub(r'%[s%]', placeholder, self.sql)}"

    @cached_property
    def execute_sql(self) -> str:
        if not self.parameter_count:
            return f"EXECUTE {self.statement}"
        return f"EXECUTE {self.statement} ({', '.join(['%s'] * self.parameter_count)})"


# The statements each open PostgreSQL connection has prepared; forgotten with the connection.
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _server_side(connection, compiled: _Compiled) -> str:
    """The SQL to send for ``compiled`` on ``connection``, preparing it there first if needed.

    The ``PREPARE`` goes through the driver's own cursor, like the settings Django sends when
    it connects, so query counts and logs show one statement per request, the ``EXECUTE``.
    """
    connection.ensure_connection()
    prepared = _prepared_on.setdefault(connection.connection, set())
    if compiled.statement not in prepared:
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            cursor.execute(compiled.prepare_sql(connection))
        prepared.add(compiled.statement)
    return compiled.execute_sql


def _in_place(compiled: _Compiled, bound: dict) -> list:
    """The compiled parameters with each named one's bound value in its places."""
    params = list(compiled.params)
    for name, positions in compiled.slots.items():
        for position in positions:
            params[position] = bound[name]
    return params


class PreparedQuery:
    """``PreparedQuery(build, now=datetime, slug=str)``; ``query.rows(now=..., slug=...)``.

    ``build(**stand_ins)`` returns a queryset: ``rows()`` for a ``values()`` queryset (dicts),
    ``instances()`` for model instances.
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        server_side: bool = True,
        paged: bool = False,
        **parameters: type | Kind,
    ):
        self.build = build
        self.server_side = server_side
        self.paged = paged
        self.parameters = {name: _KINDS.get(kind, kind) for name, kind in parameters.items()}
        self._compiled: dict[str, _Compiled] = {}

    def rows(self, *, limit: int | None = None, offset: int = 0, **values) -> list[dict]:
        """The rows as dicts. Often a public page's first query: it survives a connection the
        database dropped (``newsroom.reconnect``)."""
        alias = router.db_for_read(self.model)
        compiled, rows = retry_if_dropped(
            connections[alias], lambda: self._fetch(alias, values, limit, offset)
        )
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _fetch(
        self, alias: str, values: dict, limit: int | None, offset: int
    ) -> tuple[_Compiled, list]:
        compiled, connection, sql, params = self._statement(alias, values, limit, offset)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return compiled, cursor.fetchall()

    def instances(self, *, limit: int | None = None, offset: int = 0, **values) -> list:
        alias = router.db_for_read(self.model)
        compiled, connection, sql, params = self._statement(alias, values, limit, offset)
        return list(self.model._default_manager.db_manager(connection.alias).raw(sql, params))

    def _statement(self, alias: str, values: dict, limit: int | None, offset: int):
        if values.keys() != self.parameters.keys():
            raise TypeError(f"PreparedQuery takes {sorted(self.parameters)}, got {sorted(values)}.")
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        if not compiled.paged and (limit is not None or offset):
            raise TypeError("Only a paged PreparedQuery takes a limit and an offset.")
        page = [NO_LIMIT if limit is None else limit, offset] if compiled.paged else []
        bound = {
            name: self.parameters[name].bind(values[name], connection) for name in compiled.slots
        }
        if (
            self.server_side
            and connection.vendor == "postgresql"
            and settings.NEWSROOM_PREPARED_STATEMENTS
        ):
            return (
                compiled,
                connection,
                _server_side(connection, compiled),
                [*bound.values(), *page],
            )
        return compiled, connection, compiled.sql, _in_place(compiled, bound) + page

    def count(self, **values) -> int:
        """How many rows a paged query has in all (for a paginator's last page): plain SQL."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        bound = {
            name: self.parameters[name].bind(values[name], connection) for name in compiled.slots
        }
        sql = compiled.sql.removesuffix(" LIMIT %s OFFSET %s")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", _in_place(compiled, bound))  # noqa: S608
            return cursor.fetchone()[0]

    @cached_property
    def model(self):
        return self.build(**self._stand_ins(0)).model

    def _stand_ins(self, variant: int) -> dict:
        return {
            name: kind.stand_in(number, variant)
            for number, (name, kind) in enumerate(self.parameters.items())
        }

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        compiled = []
        for variant in (0, 1):
            stand_ins = self._stand_ins(variant)
            queryset = self.build(**stand_ins)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            bound = {
                name: self.parameters[name].bind(value, connection)
                for name, value in stand_ins.items()
            }
            slots = {
                name: tuple(i for i, param in enumerate(params) if param == value)
                for name, value in bound.items()
            }
            compiled.append((queryset, compiler, sql, tuple(params), slots))
        (queryset, compiler, sql, params, slots), (_, _, other_sql, other_params, other) = compiled
        for name, positions in slots.items():
            if not positions:
                raise ImproperlyConfigured(
                    f"PreparedQuery: parameter {name!r} is not a bound parameter of the SQL."
                )
        changed = {i for i, (a, b) in enumerate(zip(params, other_params, strict=False)) if a != b}
        if (
            sql != other_sql
            or len(params) != len(other_params)
            or slots != other
            or changed != {i for positions in slots.values() for i in positions}
        ):
            raise ImproperlyConfigured(
                "PreparedQuery: the SQL depends on its parameters' values beyond taking them "
                "as parameters; it cannot be compiled once."
            )
        query = queryset.query
        names = tuple(
            query.selected or [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        if self.paged:
            sql += " LIMIT %s OFFSET %s"
        self._compiled[alias] = _Compiled(
            sql=sql,
            params=params,
            slots=slots,
            names=names,
            compiler=compiler,
            converters=compiler.get_converters(fields),
            paged=self.paged,
        )
        return self._compiled[alias]


class PreparedPages:
    """One request's rows of a paged ``PreparedQuery``, sliced as a paginator slices a queryset:
    ``UncountedPaginator(PreparedPages(query, now=now, topic=topic.id), 20)``."""

    def __init__(self, query: PreparedQuery, **values):
        self.query = query
        self.values = values

    def __getitem__(self, page: slice) -> list[dict]:
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("PreparedPages can only be sliced, e.g. [20:41].")
        offset = page.start or 0
        limit = None if page.stop is None else max(0, page.stop - offset)
        return self.query.rows(limit=limit, offset=offset, **self.values)

    def count(self) -> int:
        return self.query.count(**self.values)
