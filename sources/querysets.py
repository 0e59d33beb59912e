"""What of the sources is public follows from the publication rule, never on its own."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Exists, OuterRef

from articles.querysets import live_q

# Staff-only, encrypted columns of a source: the admin shows them to staff only, public pages never
# load (or decrypt) them.
STAFF_ONLY_SOURCE_FIELDS = ("phone", "email", "private_notes")


class SourceQuerySet(models.QuerySet):
    def public(self, *, now: datetime | None = None) -> SourceQuerySet:
        """People quoted on the record, or mentioned, in a story a reader may see.

        A person recorded only as an anonymous source's confidential identity never qualifies:
        the identity link is not a quote or a mention.
        """
        from sources.models import Mention, Quote  # noqa: PLC0415

        quoted = Quote.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
        mentioned = Mention.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
        return self.filter(Exists(quoted) | Exists(mentioned)).defer(*STAFF_ONLY_SOURCE_FIELDS)


class OrganisationQuerySet(models.QuerySet):
    def public(self, *, now: datetime | None = None) -> OrganisationQuerySet:
        """Organisations that speak, employ a quoted person, or are mentioned in a public story."""
        from sources.models import AnonymousAttribution, Mention, Quote  # noqa: PLC0415

        live = live_q("article__", now=now)
        return self.filter(
            Exists(Quote.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Quote.objects.filter(live, source__organisation=OuterRef("pk")))
            | Exists(AnonymousAttribution.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Mention.objects.filter(live, organisation=OuterRef("pk")))
        )


class QuoteQuerySet(models.QuerySet):
    def public(self, *, now: datetime | None = None) -> QuoteQuerySet:
        """Quotes in stories a reader may see, with what their attribution needs."""
        return self.filter(live_q("article__", now=now)).with_speakers().select_related("article")

    def with_speakers(self) -> QuoteQuerySet:
        """Each quote's speaker in the same query, without the source's staff-only fields."""
        return self.select_related("source__organisation", "organisation", "anonymous").defer(
            *(f"source__{field}" for field in STAFF_ONLY_SOURCE_FIELDS)
        )

    def in_story_order(self) -> QuoteQuerySet:
        return self.order_by("paragraph", "position", "pk")
