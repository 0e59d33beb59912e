"""What the list pages show, read in as few queries as they can be: a topic's, a section's and
an author's stories as teaser rows (``ArticleQuerySet.teasers``), a person's and an
institution's quotes (``QuoteQuerySet.listed``), each page a ``PreparedQuery``. The story and
home pages read model instances (``ArticleQuerySet.for_story_page``, ``for_listing``) instead;
these lists follow.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F

from articles.models import (
    Article,
    Author,
    Section,
    Topic,
    section_url,
    story_url,
    topic_url,
)
from newsroom.prepared import PreparedPages, PreparedQuery
from sources.models import (
    Organisation,
    Quote,
    Source,
    anonymity_reason,
    organisation_url,
    public_person_name,
    public_speaker,
)


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class TopicLink(Link):
    id: int


@dataclass(frozen=True)
class SectionLink(Link):
    slug: str  # for the section's feeds


@dataclass(frozen=True)
class Headline:
    """A story in a list of headlines: related stories, the home page's latest and sections."""

    id: int
    headline: str
    url: str
    published_at: datetime
    section: SectionLink | None = None


@dataclass(frozen=True)
class Teaser(Headline):
    """A story in a list of teasers, with its dek and topics: a ``teasers()`` row."""

    dek: str = ""
    topics: tuple[TopicLink, ...] = ()

    @classmethod
    def from_row(cls, row: dict) -> Teaser:
        return cls(
            id=row["id"],
            headline=row["headline"],
            url=story_url(row["slug"], row["published_at"]),
            published_at=row["published_at"],
            section=_section(row),
            dek=row["dek"],
            topics=_topics(row["topic_list"]),
        )


def _section(row: dict) -> SectionLink | None:
    slug = row.get("section_slug")
    if slug is None:
        return None
    return SectionLink(name=row["section_name"], url=section_url(slug), slug=slug)


def _topics(topics: list[dict]) -> tuple[TopicLink, ...]:
    return tuple(
        TopicLink(name=topic["name"], url=topic_url(topic["slug"]), id=topic["id"])
        for topic in sorted(topics, key=lambda topic: topic["name"])
    )


# Lists of stories: a topic's, a section's, an author's. Each page is one prepared query of
# teaser rows (``PreparedPages`` for the paginator); the topic or author is found by one more.

_topic_query = PreparedQuery(
    lambda now, slug: (
        Topic.objects.public(now=now).filter(slug=slug).values("id", "name", "slug", "description")
    ),
    now=datetime,
    slug=str,
)
_topic_teasers = PreparedQuery(
    lambda now, topic: (
        Article.objects.published(now=now).filter(topics__id=topic).newest_first().teasers()
    ),
    now=datetime,
    topic=int,
    paged=True,
)
_section_query = PreparedQuery(
    lambda slug: Section.objects.filter(slug=slug).values("id", "name", "slug", "description"),
    slug=str,
)
_section_teasers = PreparedQuery(
    lambda now, section: (
        Article.objects.published(now=now).filter(section_id=section).newest_first().teasers()
    ),
    now=datetime,
    section=int,
    paged=True,
)
_author_query = PreparedQuery(
    lambda now, slug: (
        Author.objects.public(now=now)
        .filter(slug=slug)
        .values("id", "name", "slug", "job_title", "bio")
    ),
    now=datetime,
    slug=str,
)
_author_teasers = PreparedQuery(
    lambda now, author: (
        Article.objects.published(now=now).filter(authors__id=author).newest_first().teasers()
    ),
    now=datetime,
    author=int,
    paged=True,
)


def _one(rows: list[dict]) -> dict | None:
    return rows[0] if rows else None


def topic_stories(slug: str, *, now: datetime) -> tuple[dict, PreparedPages] | None:
    """A topic some public story carries, and its stories' teaser rows, newest first."""
    topic = _one(_topic_query.rows(now=now, slug=slug))
    return topic and (topic, PreparedPages(_topic_teasers, now=now, topic=topic["id"]))


def section_stories(slug: str, *, now: datetime) -> tuple[dict, PreparedPages] | None:
    section = _one(_section_query.rows(slug=slug))
    return section and (section, PreparedPages(_section_teasers, now=now, section=section["id"]))


def author_stories(slug: str, *, now: datetime) -> tuple[dict, PreparedPages] | None:
    """An author with a public byline, and their stories' teaser rows, newest first."""
    author = _one(_author_query.rows(now=now, slug=slug))
    return author and (author, PreparedPages(_author_teasers, now=now, author=author["id"]))


# Lists of quotes: a person's, an institution's.


@dataclass(frozen=True)
class QuoteItem:
    """A quote in a list of quotes, with its speaker and its story: a ``listed()`` row."""

    text: str
    is_direct: bool
    speaker: str
    speaker_url: str | None
    story: Headline
    speaker_anonymity_reason: str = ""  # the public wording only, never the internal note

    @classmethod
    def from_row(cls, row: dict) -> QuoteItem:
        speaker, url = public_speaker(row)
        published_at = row["story_published_at"]
        return cls(
            text=row["text"],
            is_direct=bool(row["is_direct"]),
            speaker=speaker,
            speaker_url=url,
            speaker_anonymity_reason=anonymity_reason(row),
            story=Headline(
                id=row["story_id"],
                headline=row["story_headline"],
                url=story_url(row["story_slug"], published_at),
                published_at=published_at,
            ),
        )


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    public_name: str
    title: str
    bio: str
    organisation: Link | None


@dataclass(frozen=True)
class Institution:
    id: int
    name: str
    kind: str  # as readers see it, e.g. "Ministry or department"
    country: str
    description: str


_person_query = PreparedQuery(
    lambda now, slug: (
        Source.objects.public(now=now)
        .filter(slug=slug)
        .values(
            "id",
            "name",
            "honorific",
            "title",
            "bio",
            organisation_name=F("organisation__name"),
            organisation_slug=F("organisation__slug"),
        )
    ),
    now=datetime,
    slug=str,
)
_person_quotes = PreparedQuery(
    lambda now, person: (
        Quote.objects.public(now=now).filter(source_id=person).newest_first().listed()
    ),
    now=datetime,
    person=int,
    paged=True,
)
_institution_query = PreparedQuery(
    lambda now, slug: (
        Organisation.objects.public(now=now)
        .filter(slug=slug)
        .values("id", "name", "kind", "country", "description")
    ),
    now=datetime,
    slug=str,
)


@functools.lru_cache(maxsize=64)
def _institution_quotes(newest: int) -> PreparedQuery:
    """An institution's quotes, reading ``newest`` of each kind (one compiled query per page)."""
    return PreparedQuery(
        lambda now, institution: (
            Quote.objects.public(now=now).of_organisation(institution, newest=newest).listed()
        ),
        now=datetime,
        institution=int,
        paged=True,
    )


def person_quotes(slug: str, *, now: datetime) -> tuple[Person, PreparedPages] | None:
    """A person quoted or named in a public story, and their public quotes, newest first."""
    row = _one(_person_query.rows(now=now, slug=slug))
    if row is None:
        return None
    organisation = None
    if row["organisation_slug"] is not None:
        organisation = Link(
            name=row["organisation_name"], url=organisation_url(row["organisation_slug"])
        )
    person = Person(
        id=row["id"],
        name=row["name"],
        public_name=public_person_name(row["name"], row["honorific"]),
        title=row["title"],
        bio=row["bio"],
        organisation=organisation,
    )
    return person, PreparedPages(_person_quotes, now=now, person=person.id)


def institution_quotes(
    slug: str, *, now: datetime, newest: int
) -> tuple[Institution, PreparedPages] | None:
    """An institution that speaks, employs a quoted person or is mentioned in a public story,
    and its quotes, newest first (``newest``: how many of each kind the page needs)."""
    row = _one(_institution_query.rows(now=now, slug=slug))
    if row is None:
        return None
    institution = Institution(
        id=row["id"],
        name=row["name"],
        kind=Organisation.Kind(row["kind"]).label,
        country=row["country"],
        description=row["description"],
    )
    pages = PreparedPages(_institution_quotes(newest), now=now, institution=institution.id)
    return institution, pages
