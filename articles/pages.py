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

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.caching import remember_state, state_columns
from articles.models import (
    Article,
    Correction,
    Section,
    author_url,
    section_url,
    story_url,
    topic_url,
)
from images.models import Image, Rendition
from images.renditions import remember_renditions
from newsroom.expressions import JSONArraySubquery, JSONObject
from newsroom.prepared import PreparedQuery
from sources.models import public_speaker


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
    lambda now, slug: (
        Article.objects.published(now=now)
        .filter(slug=slug)
        .for_story_page(now=now)
        .annotate(**state_columns())
    ),
    now=datetime,
    slug=str,
)


def story_page(slug: str, *, now: datetime | None = None, request=None) -> StoryPage | None:
    """The public page of the published story ``slug``, or None if readers may not see it.

    The same statement reads the content version, handed to ``request``'s validators
    (``articles.caching.remember_state``): the story page is one query, not two.
    """
    now = now or timezone.now()
    rows = _story_query.rows(now=now, slug=slug)
    if not rows:
        return None
    remember_state(request, rows[0])
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
