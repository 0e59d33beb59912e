"""Querysets compiled to SQL once per database, for reads whose building costs more than running.

Building and compiling a queryset costs Django far more than a database takes to answer a
primary-key read: the content version (``articles.models.PublicStateManager``) is read by every
public request, page-cache hits included; an uncached story page (``articles.story_page``) and
home page (``articles.front_page``) spent most of their time building and compiling their
querysets; the reader search's people and organisations are found with queries whose rule (who
is public) takes longer to build than to run. ``CompiledQuery`` keeps the SQL Django compiles
for a queryset and runs it as plain SQL after, its rows made into the model's instances as the
ORM makes them (``objects()``); the paired A/Bs that keep each use are in docs/performance.md.

A ``Nested`` list rides in each row: another queryset's rows for that row (filtered by
``OuterRef``), aggregated by the database into one JSON array and made into instances as
``objects()`` makes the row's own. On PostgreSQL each statement costs a round trip and the
backend's CPU besides Django's; a story page's lists in its own row cost one statement, not six.

What changes between runs is a ``Parameter``: an expression Django compiles as a placeholder,
given its value at each run (``rows(now=...)``), and prepared for the database by its output
field as Django prepares any value, once however many places it appears in; a
``ListParameter`` is a list of any length for ``__in``.

``prepared=True`` also keeps PostgreSQL's plan: the statement is prepared on each persistent
connection (``PREPARE``) and run with ``EXECUTE``, planned once per connection with a generic
plan (``plan_cache_mode`` in settings). For queries PostgreSQL takes longer to plan than to
run: the story and home pages' small reads, and the search's names, whose trigram condition the
planner estimates by trying it on the column's statistics and whose public rule is four
``EXISTS``.

The one ORM method used that Django does not document, ``Query.sql_with_params()``, is pinned by
tests/test_compiled.py, which also checks on each database that the rows come back as the ORM's.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.db import NotSupportedError, connections
from django.db.models import (
    DEFERRED,
    CharField,
    Expression,
    F,
    Field,
    IntegerField,
    Model,
    QuerySet,
    Subquery,
    TextField,
)
from django.utils import timezone


class Parameter(Expression):
    """A value a ``CompiledQuery`` is given at each run, by ``name``; ``output_field`` prepares
    it for the database (a datetime for SQLite, say) and types it where SQL needs a type."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", [self]

    def prepare(self, value, connection):
        return self.output_field.get_db_prep_value(value, connection)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class ListParameter(Parameter):
    """A list of values, each of ``output_field``, for ``__in``:
    ``filter(pk__in=ListParameter("ids", BigIntegerField()))``, whatever the list's length. An
    array on PostgreSQL, JSON text on SQLite, read back as rows by the database."""

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"{type(self).__name__} is for PostgreSQL and SQLite.")

    def as_postgresql(self, compiler, connection):
        return f"(SELECT UNNEST(%s::{self.output_field.db_type(connection)}[]))", [self]

    def as_sqlite(self, compiler, connection):
        return "(SELECT value FROM JSON_EACH(%s))", [self]

    def prepare(self, values, connection):
        prepared = [self.output_field.get_db_prep_value(value, connection) for value in values]
        return json.dumps(prepared) if connection.vendor == "sqlite" else prepared


def _decoded(value) -> list:
    """A JSON array of rows as lists: text on SQLite, decoded already by psycopg2."""
    return json.loads(value) if isinstance(value, str) else value


class JSONRowsField(TextField):
    """Reads a ``JSONRows`` value as a list of lists."""

    def from_db_value(self, value, expression, connection):
        return _decoded(value)


class JSONRows(Subquery):
    """A queryset's ``fields`` as one JSON array of arrays, ``[]`` when it has no rows: a list
    a row carries (``Nested``), or rows of values read with another's (the home page's
    speakers, with the week's quote counts). In a ``CompiledQuery``, read it as an annotation
    of ``JSONRowsField()``.

    Each row's array is built from the subquery's columns by the aggregating level, so only for
    the rows it keeps: built inside a grouped, sorted and limited subquery, it was built for
    every group before the sort. It is ``json`` on PostgreSQL (Django's ``JSONArray`` builds
    ``jsonb`` there before version 16, parsed and printed again for nothing: it is only read).

    The array follows the subquery's ``ORDER BY``. SQL does not promise it; PostgreSQL's manual
    ("Aggregate Expressions") says a sorted subquery will usually work and can fail when the
    aggregating level also joins, which this one never does; SQLite (3.40 here) takes no
    ``ORDER BY`` inside an aggregate. tests/test_compiled.py checks the order on both."""

    output_field = JSONRowsField()
    template = (
        "(SELECT COALESCE(JSON_AGG(JSON_BUILD_ARRAY(%(columns)s)), '[]') "
        "FROM (%(subquery)s) nested)"
    )
    sqlite_template = (
        "(SELECT JSON_GROUP_ARRAY(JSON_ARRAY(%(columns)s)) FROM (%(subquery)s) nested)"
    )

    def __init__(self, queryset: QuerySet, fields: tuple[str, ...]):
        self.columns = tuple(f"column{index}" for index in range(len(fields)))
        super().__init__(queryset.values(**dict(zip(self.columns, map(F, fields), strict=True))))

    def as_sql(self, compiler, connection, **extra_context):
        columns = ", ".join(f"nested.{connection.ops.quote_name(name)}" for name in self.columns)
        return super().as_sql(compiler, connection, columns=columns, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra_context)


class Rows:
    """Rows of ``model`` given as JSON, each an array of ``fields`` in order (a ``Nested``
    list, ``articles.related.RelatedStories``), read into instances as ``objects()`` reads a
    row; ``annotations`` as in ``CompiledQuery``."""

    def __init__(self, model: type[Model], fields: tuple[str, ...], annotations=None):
        self.model = model
        self.fields = fields
        self.annotations = annotations or {}
        self._shape: _Shape | None = None

    def objects(self, using: str, value) -> list:
        """The instances of one JSON array of rows: text on SQLite, decoded by psycopg2."""
        if self._shape is None:
            self._shape = _Shape(self.model, self.fields, self.annotations)
        rows = _decoded(value)
        readers = self._shape.readers
        if rows and readers:
            connection = connections[using]
            for row in rows:
                for index, read in readers:
                    row[index] = read(row[index], connection)
        related: dict = {}
        return [self._shape.instance(using, row, related) for row in rows]


class Nested:
    """A list each row of a ``CompiledQuery`` carries: the ``fields`` of ``build()``'s rows,
    a queryset filtered by ``OuterRef`` on the row, in its order, as ``objects()`` would read
    them on their own (``Nested(lambda: Author.objects.filter(articles=OuterRef("pk")),
    fields=("id", "name"))``)."""

    def __init__(self, build: Callable[[], QuerySet], *, fields: tuple[str, ...]):
        self.build = build
        self.fields = fields
        self.rows: Rows | None = None

    def expression(self) -> JSONRows:
        queryset = self.build()
        if self.rows is None:
            self.rows = Rows(queryset.model, self.fields)
        return JSONRows(queryset, self.fields)

    def objects(self, using: str, value) -> list:
        return self.rows.objects(using, value)


class _Compiled(NamedTuple):
    """A queryset's SQL and parameters as Django compiled them, how its columns are read, and
    the same SQL numbered for ``PREPARE`` with the positions of the values ``EXECUTE`` takes."""

    sql: str
    params: tuple
    readers: list
    numbered_sql: str
    given: tuple[int, ...]


class CompiledQuery:
    """The ``fields`` of ``build()``'s rows, read with the SQL compiled for them on first use on
    each database. Each value comes back as its field reads it from the database (its
    ``from_db_value()``, then ``to_python()``), a datetime aware (SQLite hands back UTC text).

    ``fields`` names the model's fields; a forward relation's as ``relation__field``, with the
    relation itself among ``fields``; and ``build()``'s annotations, each given in
    ``annotations`` with the field that reads it. ``prepared``: a server-side prepared statement
    on PostgreSQL connections kept between requests (``CONN_MAX_AGE``), see above. ``nested``:
    lists each instance carries, by attribute name (``Nested``), read in the same statement.
    """

    def __init__(
        self,
        build: Callable[[], QuerySet],
        *,
        fields: tuple[str, ...],
        annotations: dict[str, Field] | None = None,
        nested: dict[str, Nested] | None = None,
        prepared: bool = False,
    ):
        self.build = build
        self.fields = fields
        self.annotations = annotations or {}
        self.nested = nested or {}
        self.prepared = prepared
        self.statement = f"newsroom_compiled_{next(_statement_numbers)}"
        self._compiled: dict[str, _Compiled] = {}
        self._shape: _Shape | None = None

    def rows(self, using: str, **values) -> list[tuple]:
        """The rows, each ``Parameter`` given its value from ``values``."""
        compiled = self._compiled.get(using) or self._compile(using)
        connection = connections[using]
        arguments = _arguments(compiled.params, values, connection)
        with connection.cursor() as cursor:
            if self.prepared and _keeps_statements(connection):
                self._execute_prepared(connection, cursor, compiled, arguments)
            else:
                cursor.execute(compiled.sql, arguments)
            rows = cursor.fetchall()
        if not compiled.readers:
            return rows
        read_rows = []
        for row in rows:
            values = list(row)
            for index, read in compiled.readers:
                values[index] = read(values[index], connection)
            read_rows.append(tuple(values))
        return read_rows

    def objects(self, using: str, **values) -> list:
        """The rows as instances of the queryset's model (``Model.from_db``), with ``fields``
        loaded and the others deferred, as ``only()`` leaves them; each relation's fields as an
        instance of its model, set on the relation as ``select_related()`` sets it (one whose
        key is null reads as None, without a query; rows with the same key share one), and each
        annotation as an attribute."""
        rows = self.rows(using, **values)
        if not self._shape.has_pk:
            raise ValueError(
                f"{self._shape.model.__name__}: read its primary key to make instances."
            )
        instances = []
        related: dict = {}
        for row in rows:
            instance = self._shape.instance(using, row, related)
            for index, (name, nested) in enumerate(self.nested.items(), start=len(self.fields)):
                setattr(instance, name, nested.objects(using, row[index]))
            instances.append(instance)
        return instances

    def _execute_prepared(self, connection, cursor, compiled: _Compiled, arguments) -> None:
        """Run the statement prepared on this connection, preparing it on first use."""
        owner, prepared = getattr(connection, "_newsroom_prepared", (None, set()))
        if owner is not connection.connection:  # a new connection has none
            prepared = set()
            connection._newsroom_prepared = (connection.connection, prepared)
        if self.statement not in prepared:
            cursor.execute(f"PREPARE {self.statement} AS {compiled.numbered_sql}")
            prepared.add(self.statement)
        given = compiled.given
        placeholders = f"({', '.join(['%s'] * len(given))})" if given else ""
        cursor.execute(
            f"EXECUTE {self.statement}{placeholders}", [arguments[index] for index in given]
        )

    def _compile(self, using: str) -> _Compiled:
        queryset = self.build()
        if self.nested:
            lists = {name: nested.expression() for name, nested in self.nested.items()}
            queryset = queryset.annotate(**lists)
        queryset = queryset.using(using).values_list(*self.fields, *self.nested)
        if self._shape is None:
            self._shape = _Shape(queryset.model, self.fields, self.annotations)
        sql, params = queryset.query.sql_with_params()
        self._compiled[using] = _Compiled(sql, params, self._shape.readers, *_numbered(sql, params))
        return self._compiled[using]


_statement_numbers = itertools.count(1)


def _keeps_statements(connection) -> bool:
    """A PostgreSQL connection kept between requests: one closed after each request would
    prepare a statement for a single run. Off behind a pooler in transaction mode (settings)."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["CONN_MAX_AGE"] != 0
        and settings.NEWSROOM_PREPARED_STATEMENTS
    )


def _arguments(params, values: dict, connection) -> list:
    """``params`` with each ``Parameter`` given its value from ``values``, prepared for the
    database once per name: a story page's time is in five places."""
    prepared = {}
    arguments = []
    for param in params:
        if isinstance(param, Parameter):
            if param.name not in prepared:
                prepared[param.name] = param.prepare(values[param.name], connection)
            param = prepared[param.name]
        arguments.append(param)
    return arguments


def _numbered(sql: str, params: tuple) -> tuple[str, tuple[int, ...]]:
    """Django's SQL with ``$1``, ``$2``… for its placeholders, as ``PREPARE`` takes them, and
    the position in ``params`` of the value each number stands for: a ``Parameter`` is one
    number wherever it appears, given to ``EXECUTE`` once (PostgreSQL types it by its first
    use, and each use of a ``Parameter`` compares it with the same kind of column)."""
    numbers: dict = {}
    given: list[int] = []
    positions = iter(enumerate(params))

    def number(match) -> str:
        if match.group() == "%%":
            return "%"
        index, param = next(positions)
        key = param.name if isinstance(param, Parameter) else index
        if key not in numbers:
            given.append(index)
            numbers[key] = len(given)
        return f"${numbers[key]}"

    return re.sub(r"%[s%]", number, sql), tuple(given)


class _Shape:
    """Where each of a row's values goes: which field of which model reads it, and which
    instance it belongs to."""

    def __init__(self, model: type[Model], names: tuple[str, ...], annotations: dict):
        self.model = model
        fields: list[Field] = []
        own: dict[str, int] = {}
        related: dict[str, dict[str, int]] = {}
        self.annotations: list[tuple[str, int]] = []
        for index, name in enumerate(names):
            if name in annotations:
                fields.append(annotations[name])
                self.annotations.append((name, index))
                continue
            relation, _, related_name = name.partition("__")
            field = model._meta.get_field(relation)
            if related_name:
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    raise ValueError(f"{name}: only a forward relation's fields can be read.")
                field = field.related_model._meta.get_field(related_name)
                related.setdefault(relation, {})[field.attname] = index
            else:
                own[field.attname] = index
            fields.append(field)
        readers = ((index, _reader(field)) for index, field in enumerate(fields))
        self.readers = [(index, read) for index, read in readers if read is not None]
        self.has_pk = model._meta.pk.attname in own
        self.own = _columns(model, own)
        self.related = []
        for relation, columns in related.items():
            field = model._meta.get_field(relation)
            if field.attname not in own:
                raise ValueError(f"{relation}: read the relation itself to read its fields.")
            target = field.related_model
            columns[target._meta.pk.attname] = own[field.attname]
            self.related.append((relation, target, own[field.attname], _columns(target, columns)))

    def instance(self, using: str, row: tuple, related: dict) -> Model:
        """The row's instance, each relation's instance taken from ``related`` (by relation
        and key) when an earlier row of the same read made it: rows share it, as
        ``prefetch_related()``'s do, and the quotes of a speaker quoted ten times make one."""
        instance = self.model.from_db(using, self.own[0], _values(self.own[1], row))
        for relation, target, key, (names, indexes) in self.related:
            # Setting None would run the relation's descriptor for nothing: it reads as None.
            if row[key] is None:
                continue
            other = related.get((relation, row[key]))
            if other is None:
                other = target.from_db(using, names, _values(indexes, row))
                related[relation, row[key]] = other
            setattr(instance, relation, other)
        for name, index in self.annotations:
            setattr(instance, name, row[index])
        return instance


def _columns(model: type[Model], indexes: dict[str, int]) -> tuple[list[str], list]:
    """The model's concrete fields in order, each with its value's index in a row or
    ``DEFERRED`` (``Model.from_db`` takes a deferred model's values in its fields' order)."""
    fields = [f.attname for f in model._meta.get_fields() if f.concrete and not f.many_to_many]
    return [name for name in fields if name in indexes], [
        indexes.get(name, DEFERRED) for name in fields
    ]


def _values(indexes: list, row: tuple) -> list:
    return [DEFERRED if index is DEFERRED else row[index] for index in indexes]


# Fields whose values both databases hand back as their Python values: to_python() would only
# return them.
_READ_AS_STORED = (CharField.to_python, TextField.to_python, IntegerField.to_python)


def _reader(field: Field) -> Callable | None:
    """How a column of ``field`` is read: ``from_db_value()`` then ``to_python()``, a naive
    datetime made aware in UTC (SQLite's); ``None`` when the value is read as it comes."""
    from_db_value = getattr(field, "from_db_value", None)
    target = field.target_field if field.is_relation else field
    to_python = None if type(target).to_python in _READ_AS_STORED else field.to_python
    if from_db_value is None and to_python is None:
        return None

    def read(value, connection):
        if value is not None and from_db_value is not None:
            value = from_db_value(value, None, connection)
        if to_python is not None:
            value = to_python(value)
        if isinstance(value, datetime) and timezone.is_naive(value):
            return timezone.make_aware(value, UTC)
        return value

    return read
