"""What of the sources is public follows from the publication rule, never on its own."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, Subquery

from articles.querysets import STORY_TEXT_FIELDS, live_q
from articles.signals import PublicContentQuerySet

# Staff-only, encrypted columns of a source: the admin shows them to staff only, public pages never
# load (or decrypt) them.
STAFF_ONLY_SOURCE_FIELDS = ("phone", "email", "private_notes")


# What readers may know of a quote's speaker, by the names the public pages read them under: a
# person's public name, title and page, an institution's name and page, or an anonymous source's
# public description. Never an identity, nor a person's staff-only fields.
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
}


def _as_values(fields: dict) -> tuple[list, dict]:
    """``values()`` arguments: a model's own field by name, anything else as an alias."""
    same = [name for name, path in fields.items() if name == path]
    aliased = {name: F(path) for name, path in fields.items() if name != path}
    return same, aliased


def named_in_public_q(*, now: datetime | None = None) -> Q:
    """People quoted on the record, or mentioned, in a story a reader may see."""
    from sources.models import Mention, Quote  # noqa: PLC0415

    quoted = Quote.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
    mentioned = Mention.objects.filter(live_q("article__", now=now), source=OuterRef("pk"))
    return Q(Exists(quoted)) | Q(Exists(mentioned))


def known_only_as_identity_q(*, now: datetime | None = None) -> Q:
    """People the newsroom knows only as the confidential identity behind an anonymous source.

    The one definition behind three rules: nobody may name such a person on the record (a quote
    or a mention would make their name public, ``Quote.save``, ``Mention.save`` and
    ``Article.publishing_problems`` refuse it); colleagues who may not see the identity never see
    the name in the back office (``articles.permissions.listable_sources_q``); and each time the
    name is shown in a list to someone who may see it, that is logged. Only *public* appearances
    count as being known by name: a quote in a draft, however it got there, exposes nobody yet,
    and must not launder the name.
    """
    from sources.models import AnonymousAttribution  # noqa: PLC0415

    is_identity = Exists(AnonymousAttribution.objects.filter(identity=OuterRef("pk")))
    return Q(is_identity) & ~named_in_public_q(now=now)


class SourceQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> SourceQuerySet:
        """People quoted on the record, or mentioned, in a story a reader may see.

        A person recorded only as an anonymous source's confidential identity never qualifies:
        the identity link is not a quote or a mention.
        """
        return self.filter(named_in_public_q(now=now)).defer(*STAFF_ONLY_SOURCE_FIELDS)

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
        from sources.models import AnonymousAttribution, Mention, Quote  # noqa: PLC0415

        live = live_q("article__", now=now)
        return self.filter(
            Exists(Quote.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Quote.objects.filter(live, source__organisation=OuterRef("pk")))
            | Exists(AnonymousAttribution.objects.filter(live, organisation=OuterRef("pk")))
            | Exists(Mention.objects.filter(live, organisation=OuterRef("pk")))
        )


class QuoteQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> QuoteQuerySet:
        """Quotes in stories a reader may see, with what their attribution needs."""
        return (
            self.filter(live_q("article__", now=now))
            .with_speakers()
            .select_related("article")
            .defer(*(f"article__{field}" for field in STORY_TEXT_FIELDS))
        )

    def with_speakers(self) -> QuoteQuerySet:
        """Each quote's speaker in the same query, without the source's staff-only fields."""
        return self.select_related("source__organisation", "organisation", "anonymous").defer(
            *(f"source__{field}" for field in STAFF_ONLY_SOURCE_FIELDS)
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

    def listed(self) -> QuoteQuerySet:
        """A quote in a list of quotes (``articles.pages.QuoteItem``): its words, its speaker
        (``SPEAKER_FIELDS``) and the story it is in, as rows."""
        same, aliased = _as_values(
            {
                **SPEAKER_FIELDS,
                "id": "id",
                "text": "text",
                "is_direct": "is_direct",
                "story_id": "article_id",
                "story_headline": "article__headline",
                "story_slug": "article__slug",
                "story_published_at": "story_published_at",
            }
        )
        return self.values(*same, **aliased)

    def newest_first(self) -> QuoteQuerySet:
        """Quotes of stories with a publish time (every public one has), the newest stories'
        first, read from the (speaker, story publish time) indexes without the drafts' quotes."""
        return self.exclude(story_published_at=None).order_by(
            "-story_published_at", "-article_id", "paragraph", "position"
        )

    def copy_story_publish_times(self) -> int:
        """Give each quote its story's publish time again (after loading a backup, say)."""
        from articles.models import Article  # noqa: PLC0415

        published_at = Article.objects.filter(pk=OuterRef("article_id")).values("published_at")
        return self.update(story_published_at=Subquery(published_at[:1]))
