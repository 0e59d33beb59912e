"""Query expressions the ORM lacks, for PostgreSQL and SQLite alike.

On PostgreSQL the JSON a page's row carries is built as ``json``, not ``jsonb``: it is only
read, never queried, and building ``jsonb`` (parsing into its binary form, sorting keys, then
printing it again) is work for nothing.
"""

from __future__ import annotations

from django.db.models import Func, IntegerField, JSONField, Subquery, TextField
from django.db.models.functions import Cast
from django.db.models.functions import JSONObject as DjangoJSONObject


class ReadJSONField(JSONField):
    """A JSON value to read: psycopg2 decodes ``json`` itself, SQLite returns text."""

    def from_db_value(self, value, expression, connection):
        if value is None or not isinstance(value, str | bytes | bytearray):
            return value
        return super().from_db_value(value, expression, connection)


class JSONObject(DjangoJSONObject):
    """Django's ``JSONObject``, built with ``JSON_BUILD_OBJECT`` on PostgreSQL."""

    output_field = ReadJSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        copy.set_source_expressions(
            [
                Cast(expression, TextField()) if index % 2 == 0 else expression
                for index, expression in enumerate(copy.get_source_expressions())
            ]
        )
        return Func.as_sql(
            copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context
        )


class JSONArraySubquery(Subquery):
    """The rows of a one-column subquery, ``.values(item=JSONObject(...))``, as one JSON array.

    A page's lists (a story's bylines, topics, quotes) then come with the page's own row, in one
    query instead of one query per list. An empty subquery gives ``[]``. The array follows the
    subquery's ``ORDER BY`` in practice on both databases, which SQL does not promise: callers
    that need an order sort the (short) lists again.
    """

    output_field = ReadJSONField()
    # {column} is the subquery's own column alias, quoted by the backend.
    postgresql_template = (
        "(SELECT COALESCE(JSON_AGG(json_rows.{column}), '[]'::json) FROM (%(subquery)s) json_rows)"
    )
    sqlite_template = (
        "(SELECT JSON_GROUP_ARRAY(JSON(json_rows.{column})) FROM (%(subquery)s) json_rows)"
    )

    def as_sql(self, compiler, connection, template=None, **extra_context):
        return self._as_array(self.postgresql_template, compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._as_array(self.sqlite_template, compiler, connection, **extra_context)

    def _as_array(self, template, compiler, connection, **extra_context):
        column = connection.ops.quote_name(self._column())
        return super().as_sql(
            compiler, connection, template=template.format(column=column), **extra_context
        )

    def _column(self) -> str:
        names = [*self.query.values_select, *self.query.annotation_select]
        if len(names) != 1:
            raise ValueError(f"JSONArraySubquery needs a subquery of one column, not {names}.")
        return names[0]


# How far an index page counts a topic's, a section's or a person's public stories or quotes:
# past it the page says "100+". Each count reads up to that many index entries and checks each
# story against the publication rule; counting a big topic's every story, for each of a page's
# topics on every request, would read most of the archive.
INDEX_COUNT_CAP = 100


class CappedCount(Subquery):
    """How many rows an ``OuterRef``-filtered queryset has, counted up to ``cap`` (then
    ``cap``): ``SELECT COUNT(*) FROM (... LIMIT cap)``, on PostgreSQL and SQLite alike."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()

    def __init__(self, queryset, *, cap: int = INDEX_COUNT_CAP):
        super().__init__(queryset.order_by().values("pk")[:cap])
