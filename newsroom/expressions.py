"""Query expressions the ORM lacks, for PostgreSQL and SQLite alike."""

from __future__ import annotations

from django.db.models import IntegerField, Subquery

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
