"""What of the sources is public follows from the publication rule, never on its own."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.utils import timezone

from newsroom.expressions import CappedCount
from newsroom.publication import STORY_TEXT_FIELDS, live_q
from newsroom.signals import PublicContentQuerySet

# Staff-only, encrypted columns of a source: the admin shows them to staff only, public pages never
# load (or decrypt) them.
STAFF_ONLY_SOURCE_FIELDS = ("phone", "email", "private_notes")
# An anonymous source's columns readers never see: who it is and why anonymity was granted.
ANONYMOUS_CONFIDENTIAL_FIELDS = ("identity", "reason", "created_by")


# What readers may know of a quote's speaker, by the names the public pages read them under: a
# person's public name, title and page, an institution's name and page, or an anonymous source's
# public description and the public wording of why it is not named. Never an identity, the
# internal reason for anonymity, nor a person's staff-only fields.
SPEAKER_FIELDS = {
    "speaker_title": "speaker_title",
    "source_id": "source_id",
    "person_name": "source__name",
    "honorific": "source__honorific",
    "person_title": "source__title",
    "person_slug": "source__slug",
    "organisation_id": "organisation_id",
    "organisation_name": "organisation__name",
    "organisation_slug": "organisation__slug",
    "anonymous_id": "anonymous_id",
    "anonymous_description": "anonymous__description",
    "anonymous_public_reason": "anonymous__public_reason",
}

# A ``most_quoted()`` row: an on-record speaker's public fields, by ``SPEAKER_FIELDS``' names (as
# ``sources.models.named_speaker()`` reads them), then how many ``quotes``.
MOST_QUOTED_FIELDS = (
    *("source_id", "organisation_id", "person_name", "honorific", "person_slug"),
    *("organisation_name", "organisation_slug", "quotes"),
)


def named_in_public_q(*, now: datetime | None = None) -> Q:
    """People quoted on the record, or mentioned, in a story a reader may see."""
    from sources.models import Mention, Quote

    quoted = Quote.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
    mentioned = Mention.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
    return Q(Exists(quoted)) | Q(Exists(mentioned))


def known_only_as_identity_q(*, now: datetime | None = None) -> Q:
    """People the newsroom knows only as the confidential identity behind an anonymous source.

    The one definition behind three rules: nobody may name such a person on the record (a quote
    or a mention would make their name public, ``Quote.save``, ``Mention.save`` and
    ``Article.publishing_problems`` refuse it); colleagues who may not see the identity never see
    the name in the back office (``sources.permissions.listable_sources_q``); and each time the
    name is shown in a list to someone who may see it, that is logged. Only *public* appearances
    count as being known by name: a quote in a draft, however it got there, exposes nobody yet,
    and must not launder the name.
    """
    from sources.models import AnonymousAttribution

    is_identity = Exists(AnonymousAttribution.objects.filter(identity=OuterRef("pk")))
    return Q(is_identity) & ~named_in_public_q(now=now)


class SourceQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> SourceQuerySet:
        """People quoted on the record, or mentioned, in a story a reader may see.

        A person recorded only as an anonymous source's confidential identity never qualifies:
        the identity link is not a quote or a mention.
        """
        return self.filter(named_in_public_q(now=now)).defer(*STAFF_ONLY_SOURCE_FIELDS)

    def for_index(self, *, now: datetime | None = None) -> SourceQuerySet:
        """People readers may know of, with what an index shows of them: their public on-record
        quotes as ``quote_count`` and the public stories naming them as ``mention_count``, each
        counted up to ``CappedCount``'s cap.

        The same people as ``public()`` (a test holds the two together), found by a count of
        one instead of ``EXISTS``: PostgreSQL then checks the people of the page one by one,
        where for ``EXISTS`` over a whole letter it would first hash every public quote.
        """
        now = now or timezone.now()
        quotes = self.model._meta.get_field("quotes").related_model.objects
        mentions = self.model._meta.get_field("mentions").related_model.objects
        live = live_q("article__", now=now)
        quoted = quotes.filter(live, source=OuterRef("pk"))
        named = mentions.filter(live, source=OuterRef("pk"))
        return (
            self.alias(quoted=CappedCount(quoted, cap=1), named=CappedCount(named, cap=1))
            .filter(Q(quoted=1) | Q(named=1))
            .only("name", "honorific", "title", "slug")
            .annotate(quote_count=CappedCount(quoted), mention_count=CappedCount(named))
        )

    def known_only_as_identity(self, *, now: datetime | None = None) -> SourceQuerySet:
        return self.filter(known_only_as_identity_q(now=now))

    def known_only_as_identity_ids(self, *, now: datetime | None = None) -> list[int]:
        """Their ids, read in one query that starts from the identity links (one probe per
        identity). A long list (a changelist, an autocomplete) filters on these ids: the same
        rule as a condition on each of its rows made PostgreSQL hash every public mention and
        probe every person, several times slower on a 100,000-story archive."""
        return list(self.known_only_as_identity(now=now).order_by().values_list("pk", flat=True))

    def may_be_named(self, *, now: datetime | None = None) -> SourceQuerySet:
        """People who may be quoted or mentioned on the record: all but the confidential ones."""
        return self.exclude(known_only_as_identity_q(now=now))

    def release_hidden_slug(self, slug: str, *, listable: Q | None) -> None:
        """Free ``slug`` if a person outside ``listable`` (the user's rule) holds it.

        Only a person known only as a confidential identity is ever hidden, and such a person has
        no public page, so their slug serves nobody; keeping it would tell a colleague who types
        that name for a new person (in the source form or an import) that someone hidden is
        already called so.
        """
        if listable is None:
            return
        for person in self.filter(slug=slug).exclude(listable).known_only_as_identity():
            person.slug = f"{slug[:190]}-{secrets.token_hex(4)}"
            person.save(update_fields=["slug", "updated_at"])


class OrganisationQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> OrganisationQuerySet:
        """Organisations that speak, employ a quoted person, or are mentioned in a public story."""
        from sources.models import AnonymousAttribution, Mention, Quote

        live = live_q("article__", now=now)
        return self.filter(
            Exists(Quote.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Quote.objects.filter(live, source__organisation=OuterRef("pk")))
            | Exists(AnonymousAttribution.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Mention.objects.filter(live, organisation=OuterRef("pk")))
        )

    def for_index(self, *, now: datetime | None = None) -> OrganisationQuerySet:
        """Organisations readers may know of (``public``), with their public statements as
        ``statement_count``, counted up to ``CappedCount``'s cap."""
        now = now or timezone.now()
        quotes = self.model._meta.get_field("statements").related_model.objects
        return (
            self.public(now=now)
            .only("name", "kind", "slug")
            .annotate(
                statement_count=CappedCount(
                    quotes.filter(live_q("article__", now=now), organisation=OuterRef("pk"))
                )
            )
        )


class QuoteQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> QuoteQuerySet:
        """Quotes in stories a reader may see, with what their attribution needs and their
        story's headline and date: never the story's text, nor an anonymous source's
        confidential fields (``ANONYMOUS_CONFIDENTIAL_FIELDS``)."""
        return (
            self.filter(live_q("article__", now=now))
            .with_speakers()
            .select_related("article")
            .defer(
                *(f"article__{field}" for field in STORY_TEXT_FIELDS),
                *(f"anonymous__{field}" for field in ANONYMOUS_CONFIDENTIAL_FIELDS),
            )
        )

    def with_speakers(self) -> QuoteQuerySet:
        """Each quote's speaker in the same query, without the source's staff-only fields."""
        return self.select_related("source__organisation", "organisation", "anonymous").defer(
            *(f"source__{field}" for field in STAFF_ONLY_SOURCE_FIELDS)
        )

    def with_public_speakers(self) -> QuoteQuerySet:
        """Each quote with its speaker in the same query, loading of the speaker only what readers
        may know (``SPEAKER_FIELDS``): never an anonymous source's identity, nor a person's
        staff-only fields. ``Quote.attribution()`` and ``speaker_url()`` work on them as ever."""
        speaker_fields = [path.removesuffix("_id") for path in SPEAKER_FIELDS.values()]
        return self.select_related("source", "organisation", "anonymous").only(
            "article", "text", "is_direct", "paragraph", "position", *speaker_fields
        )

    def said_between(
        self, start: datetime, end: datetime, *, now: datetime | None = None
    ) -> QuoteQuerySet:
        """Quotes in public stories published after ``start`` and by ``end``, found from the
        stories' publish time index."""
        return self.filter(
            live_q("article__", now=now),
            article__published_at__gt=start,
            article__published_at__lte=end,
        )

    def most_quoted(self, *, limit: int) -> QuoteQuerySet:
        """The people and institutions quoted on the record here, most quoted first, as rows of
        ``MOST_QUOTED_FIELDS``; anonymous sources are never among them."""
        speaker = {name: SPEAKER_FIELDS[name] for name in MOST_QUOTED_FIELDS[:-1]}
        return (
            self.filter(anonymous__isnull=True)
            .values(
                *(name for name, path in speaker.items() if name == path),
                **{name: F(path) for name, path in speaker.items() if name != path},
            )
            .annotate(quotes=Count("pk"))
            .order_by("-quotes", "person_name", "organisation_name")[:limit]
        )

    def anonymity(self) -> QuoteQuerySet:
        """How many quotes there are, and how many of them anonymous: one row (``quotes``,
        ``anonymous``), one aggregate over them all (the constant groups nothing)."""
        return (
            self.order_by()
            .annotate(every=Value(1))
            .values("every")
            .annotate(quotes=Count("pk"), anonymous=Count("pk", filter=Q(anonymous__isnull=False)))
        )

    def in_story_order(self) -> QuoteQuerySet:
        return self.order_by("paragraph", "position", "pk")

    def of_organisation(self, organisation, *, newest: int) -> QuoteQuerySet:
        """An institution's statements, what its people said and its anonymous sources' quotes,
        newest first; at least the ``newest`` of them are right.

        Each kind is read newest first on its own, at most ``newest`` rows, then merged: one
        query with the three speakers OR-ed together read every quote in the archive (1.1 s at
        100,000 stories). SQLite cannot limit the parts of a union and keeps the plain OR.
        """
        kinds = [
            Q(organisation=organisation),
            Q(source__organisation=organisation),
            Q(anonymous__organisation=organisation),
        ]
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return self.filter(kinds[0] | kinds[1] | kinds[2]).newest_first()
        newest_of_each = [self.filter(kind).newest_first().values("pk")[:newest] for kind in kinds]
        merged = newest_of_each[0].union(*newest_of_each[1:], all=True)
        return self.filter(pk__in=merged).newest_first()

    def newest_first(self) -> QuoteQuerySet:
        """Quotes of stories with a publish time (every public one has), the newest stories'
        first, read from the (speaker, story publish time) indexes without the drafts' quotes."""
        return self.exclude(story_published_at=None).order_by(
            "-story_published_at", "-article_id", "paragraph", "position"
        )

    def copy_story_publish_times(self) -> int:
        """Give each quote its story's publish time again (after loading a backup, say)."""
        stories = self.model._meta.get_field("article").related_model
        published_at = stories.objects.filter(pk=OuterRef("article_id")).values("published_at")
        return self.update(story_published_at=Subquery(published_at[:1]))
