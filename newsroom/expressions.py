"""Query expressions the ORM lacks, for PostgreSQL and SQLite alike."""

from __future__ import annotations

from django.db.models import JSONField, Subquery


class JSONArraySubquery(Subquery):
    """The rows of a one-column subquery, ``.values(item=JSONObject(...))``, as one JSON array.

    A page's lists (a story's bylines, topics, quotes) then come with the page's own row, in one
    query instead of one query per list. An empty subquery gives ``[]``. The array follows the
    subquery's ``ORDER BY`` in practice on both databases, which SQL does not promise: callers
    that need an order sort the (short) lists again.
    """

    output_field = JSONField()
    # {column} is the subquery's own column alias, quoted by the backend.
    postgresql_template = (
        "(SELECT COALESCE(JSONB_AGG(json_rows.{column}), '[]'::jsonb) "
        "FROM (%(subquery)s) json_rows)"
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
