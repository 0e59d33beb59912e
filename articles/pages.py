"""What the busiest public pages show, read in as few queries as they can be.

A story page is one query, the content version included: the story with everything it shows
(``ArticleQuerySet.for_story_page``: bylines, topics, speakers, corrections, the lead image's
renditions and the related stories as JSON arrays in the story's own row). The home
page is three: editors' picks, the newest stories, and each section's newest. Lists of stories
come as teaser rows (``ArticleQuerySet.teasers``), topics included. All are ``PreparedQuery``s,
compiled once per process and prepared on PostgreSQL: at 100,000 stories, building, compiling
and planning them on every request cost more than running them (README, Performance).

Pages are plain data built from those rows alone, so a public page and a staff preview (the same
query on any story, ``preview_page``) cannot differ.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import (
    Article,
    Author,
    Correction,
    Section,
    Topic,
    author_url,
    section_url,
    story_url,
    topic_url,
)
from images.models import Image, Rendition
from images.renditions import remember_renditions
from newsroom.expressions import JSONArraySubquery, JSONObject
from newsroom.prepared import PreparedPages, PreparedQuery
from sources.models import (
    Organisation,
    Quote,
    Source,
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

    @classmethod
    def from_row(cls, row: dict) -> Headline:
        published_at = _datetime(row["published_at"])
        return cls(
            id=row["id"],
            headline=row["headline"],
            url=story_url(row["slug"], published_at),
            published_at=published_at,
            section=_section(row),
        )


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


@dataclass(frozen=True)
class Speaker:
    """One speaker of the story, in order of first appearance, with how often they speak."""

    name: str
    url: str | None  # None for an anonymous source: they have no page
    quotes: int


@dataclass(frozen=True)
class CorrectionNote:
    kind: str  # "Correction" or "Update"
    text: str
    published_at: datetime


@dataclass
class StoryPage:
    id: int
    headline: str
    slug: str
    dek: str
    dateline: str
    body: str
    byline_text: str
    credit: str
    published_at: datetime
    public_updated_at: datetime | None
    url: str
    section: SectionLink | None
    authors: list[Link]
    topics: list[TopicLink]
    speakers: list[Speaker]
    corrections: list[CorrectionNote]
    lead_image: Image | None
    related: list[Headline]

    @classmethod
    def from_row(cls, row: dict, *, published_at: datetime | None = None) -> StoryPage:
        """A page from one ``for_story_page()`` row; ``published_at`` stands in for a story
        that has none yet (a preview)."""
        published_at = row["published_at"] or published_at
        return cls(
            id=row["id"],
            headline=row["headline"],
            slug=row["slug"],
            dek=row["dek"],
            dateline=row["dateline"],
            body=row["body"],
            byline_text=row["byline_text"],
            credit=row["credit"],
            published_at=published_at,
            public_updated_at=row["public_updated_at"],
            url=story_url(row["slug"], published_at),
            section=_section(row),
            authors=[
                Link(name=author["name"], url=author_url(author["slug"]))
                for author in sorted(row["author_list"], key=lambda author: author["name"])
            ],
            topics=list(_topics(row["topic_list"])),
            speakers=speakers_in_order(row["quote_list"]),
            corrections=[
                CorrectionNote(
                    kind=Correction.Kind(note["kind"]).label,
                    text=note["text"],
                    published_at=_datetime(note["published_at"]),
                )
                for note in row["correction_list"]
            ],
            lead_image=_lead_image(row),
            related=[
                Headline.from_row(story)
                for story in sorted(row["related_list"], key=_rank, reverse=True)
            ],
        )


def _rank(story: dict) -> tuple:
    """Related stories: most shared topics first, then the newest."""
    return (story["shared"], _datetime(story["published_at"]), story["id"])


def speakers_in_order(quotes: list[dict]) -> list[Speaker]:
    """Each speaker once, in order of first appearance in the story, with their quote count."""
    counts: dict[tuple, int] = {}
    first: dict[tuple, dict] = {}
    for quote in sorted(quotes, key=lambda q: (q["paragraph"], q["position"], q["id"])):
        key = (quote["source_id"], quote["organisation_id"], quote["anonymous_id"])
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, quote)
    speakers = []
    for key, quote in first.items():
        name, url = public_speaker(quote)
        speakers.append(Speaker(name=name, url=url, quotes=counts[key]))
    return speakers


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


def _datetime(value) -> datetime:
    """A time inside a JSON array: ISO text from PostgreSQL, UTC text without offset from SQLite."""
    if isinstance(value, datetime):
        return value
    moment = parse_datetime(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _lead_image(row: dict) -> Image | None:
    if row["lead_image_id"] is None:
        return None
    image = _loaded(Image, row["lead_image_fields"])
    renditions = [
        _loaded(Rendition, {**rendition, "image_id": image.pk})
        for rendition in row["rendition_list"]
    ]
    remember_renditions(image, renditions)
    return image


def _loaded(model, values: dict):
    """A model instance as if loaded from the database with just these fields."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, fields, [values[name] for name in fields])


_story_query = PreparedQuery(
    lambda now, slug: Article.objects.published(now=now).filter(slug=slug).for_story_page(now=now),
    now=datetime,
    slug=str,
)


def story_page(slug: str, *, now: datetime | None = None) -> StoryPage | None:
    """The public page of the published story ``slug``, or None if readers may not see it."""
    now = now or timezone.now()
    rows = _story_query.rows(now=now, slug=slug)
    if not rows:
        return None
    return StoryPage.from_row(rows[0])


def preview_page(article: Article, *, now: datetime | None = None) -> StoryPage:
    """The page ``article`` would have if it were published: for staff previews only."""
    now = now or timezone.now()
    row = Article.objects.filter(pk=article.pk).for_story_page(now=now).get()
    return StoryPage.from_row(row, published_at=article.published_at or now)


# The home page: the lead and top stories (editors' picks first, then the newest), the latest
# headlines, and each section's newest stories not shown above them.
TOP_STORIES = 4
HOME_LATEST = 10
HOME_PER_SECTION = 3
_FEATURED = TOP_STORIES + 1
_NEWEST = _FEATURED + HOME_LATEST  # enough to fill the lead, the top stories and the latest


@dataclass
class HomePage:
    lead: Teaser | None
    top_stories: list[Teaser]
    latest: list[Teaser]
    sections: list[tuple[SectionLink, list[Headline]]]


_picks_query = PreparedQuery(
    lambda now: (
        Article.objects.published(now=now)
        .filter(front_page_item__isnull=False)
        .order_by("front_page_item__position", "front_page_item__pk")
        .teasers()[:_FEATURED]
    ),
    now=datetime,
)
_newest_query = PreparedQuery(
    lambda now: Article.objects.published(now=now).newest_first().teasers()[:_NEWEST],
    now=datetime,
)
# Each section's three newest stories not already shown above (``shown0`` … ``shown14``, the
# ids of the lead, top and latest stories; 0 where there are fewer).
_sections_query = PreparedQuery(
    lambda now, **shown: Section.objects.order_by("position", "name").values(
        "name",
        "slug",
        story_list=JSONArraySubquery(
            Article.objects.published(now=now)
            .filter(section=OuterRef("pk"))
            .exclude(pk__in=list(shown.values()))
            .newest_first()
            .values(
                item=JSONObject(
                    id="id", headline="headline", slug="slug", published_at="published_at"
                )
            )[:HOME_PER_SECTION]
        ),
    ),
    now=datetime,
    **{f"shown{index}": int for index in range(_NEWEST)},
)


def home_page(*, now: datetime | None = None) -> HomePage:
    """Three queries, whatever the size of the archive; a pick that stops being public drops off."""
    now = now or timezone.now()
    picks = [Teaser.from_row(row) for row in _picks_query.rows(now=now)]
    newest = [Teaser.from_row(row) for row in _newest_query.rows(now=now)]
    picked = {teaser.id for teaser in picks}
    featured = (picks + [teaser for teaser in newest if teaser.id not in picked])[:_FEATURED]
    shown = {teaser.id for teaser in featured}
    latest = [teaser for teaser in newest if teaser.id not in shown][:HOME_LATEST]
    shown |= {teaser.id for teaser in latest}
    shown_ids = [*sorted(shown), *[0] * (_NEWEST - len(shown))]  # no story has id 0
    sections = []
    rows = _sections_query.rows(now=now, **{f"shown{i}": pk for i, pk in enumerate(shown_ids)})
    for row in rows:
        stories = [Headline.from_row(story) for story in row["story_list"]]
        stories.sort(key=lambda story: (story.published_at, story.id), reverse=True)
        if stories:
            section = SectionLink(name=row["name"], url=section_url(row["slug"]), slug=row["slug"])
            sections.append((section, stories))
    return HomePage(
        lead=featured[0] if featured else None,
        top_stories=featured[1:],
        latest=latest,
        sections=sections,
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

    @classmethod
    def from_row(cls, row: dict) -> QuoteItem:
        speaker, url = public_speaker(row)
        published_at = row["story_published_at"]
        return cls(
            text=row["text"],
            is_direct=bool(row["is_direct"]),
            speaker=speaker,
            speaker_url=url,
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
