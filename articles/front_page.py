"""What the home page shows, read with queries compiled once per database (``newsroom.compiled``).

The lead story and the top stories (editors' picks first, then the newest), the latest
headlines, each section's newest stories not shown above them, and who is speaking in the week's
stories: three statements whatever the archive's size (after the content version every public
page reads), four when the featured stories have images (their renditions). Each is an
ordinary queryset built from the rules it reads (``published()``, ``newest_first()``, the
quotes' ``said_between()``, ``most_quoted()`` and ``anonymity()``), compiled the first time and
after run as its SQL with the time and the stories' ids as parameters: building and compiling
them was most of an uncached home page's work (the paired A/Bs that keep this are in
docs/performance.md). A list a row needs comes in that row as JSON (a section's newest
stories, the week's speakers with its quote counts): on PostgreSQL each statement costs a round
trip and the server's work besides Django's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models, router
from django.db.models import F, OuterRef

from articles.models import Article, FrontPageItem, Section
from images.renditions import FIGURE_FIELDS, read_renditions
from newsroom.compiled import (
    CompiledQuery,
    JSONRows,
    JSONRowsField,
    ListParameter,
    Nested,
    Parameter,
)
from sources.models import Quote, named_speaker
from sources.querysets import MOST_QUOTED_FIELDS

TOP_STORIES = 4
FEATURED = TOP_STORIES + 1  # the lead story and the top stories
HOME_LATEST = 10
HOME_PER_SECTION = 3
SPEAKING_DAYS = 7
MOST_QUOTED = 6

NOW = Parameter("now", models.DateTimeField())
START = Parameter("start", models.DateTimeField())
END = Parameter("end", models.DateTimeField())
STORIES = ListParameter("stories", models.BigIntegerField())

TEASER_FIELDS = (
    *("id", "headline", "slug", "published_at"),
    *("section", "section__name", "section__slug"),
    *("dek", "lead_image"),
    *(f"lead_image__{name}" for name in FIGURE_FIELDS),
)

_teasers = CompiledQuery(
    lambda: (
        Article.objects.published(now=NOW)
        .filter(pk__in=picked_or_newest(FEATURED + HOME_LATEST))
        .annotate(pick=F("front_page_item__pk"), pick_position=F("front_page_item__position"))
    ),
    fields=(*TEASER_FIELDS, "pick", "pick_position"),
    annotations={"pick": models.BigIntegerField(), "pick_position": models.IntegerField()},
    prepared=True,
)
_sections = CompiledQuery(
    lambda: Section.objects.order_by("position", "name", "pk"),
    fields=("id", "name", "slug"),
    nested={
        "newest": Nested(
            lambda: (
                Article.objects.published(now=NOW)
                .filter(section=OuterRef("pk"))
                .exclude(pk__in=STORIES)
                .newest_first()[:HOME_PER_SECTION]
            ),
            fields=("id", "headline", "slug", "published_at"),
        )
    },
    prepared=True,
)
_speaking = CompiledQuery(
    lambda: (
        Quote.objects.said_between(START, END, now=NOW)
        .anonymity()
        .annotate(speakers=most_quoted_rows(MOST_QUOTED))
    ),
    fields=("quotes", "anonymous", "speakers"),
    annotations={
        "quotes": models.IntegerField(),
        "anonymous": models.IntegerField(),
        "speakers": JSONRowsField(),
    },
    prepared=True,
)


def read(*, now: datetime) -> dict:
    """The home page's context at ``now``: ``lead``, ``top_stories`` and ``latest`` (stories),
    ``sections`` (pairs of a section and its newest stories) and ``speaking``."""
    using = router.db_for_read(Article)
    found = _teasers.objects(using, now=now)
    picks = sorted(
        (story for story in found if story.pick is not None),
        key=lambda story: (story.pick_position, story.pick),
    )
    newest = sorted(found, key=lambda story: (story.published_at, story.pk), reverse=True)
    featured = (picks + [story for story in newest if story not in picks])[:FEATURED]
    latest = [story for story in newest if story not in featured][:HOME_LATEST]
    read_renditions([story.lead_image for story in featured if story.lead_image], using=using)
    shown = [story.pk for story in featured + latest]
    sections = _sections.objects(using, now=now, stories=shown)
    return {
        "lead": featured[0] if featured else None,
        "top_stories": featured[1:],
        "latest": latest,
        "sections": [(section, section.newest) for section in sections if section.newest],
        "speaking": who_is_speaking(using, until=newest[0].published_at, now=now)
        if newest
        else None,
    }


def picked_or_newest(newest: int) -> models.QuerySet:
    """The ids of the editors' picks and of the ``newest`` public stories, as one union: asked
    for with OR, "picked or among the newest" made PostgreSQL test every story of the archive.
    The newest are a subquery of their own because SQLite cannot limit a union's parts."""
    picked = FrontPageItem.objects.order_by().values("article")
    newest_ids = Article.objects.published(now=NOW).newest_first().values("pk")[:newest]
    return picked.union(Article.objects.filter(pk__in=newest_ids).order_by().values("pk"), all=True)


def most_quoted_rows(limit: int) -> JSONRows:
    """The week's ``limit`` most quoted speakers as rows of ``MOST_QUOTED_FIELDS``, carried in
    the row of the week's quote counts: one statement, not two."""
    most_quoted = Quote.objects.said_between(START, END, now=NOW).most_quoted(limit=limit)
    return JSONRows(most_quoted, MOST_QUOTED_FIELDS)


def who_is_speaking(using: str, *, until: datetime, now: datetime) -> dict:
    """The people and institutions quoted most in the public stories of the week to ``until``
    (the newest story's publish time: the last seven days in a newsroom that publishes daily),
    and how many of that week's quotes are anonymous."""
    [(quotes, anonymous, speakers)] = _speaking.rows(
        using, start=until - timedelta(days=SPEAKING_DAYS), end=until, now=now
    )
    rows = [dict(zip(MOST_QUOTED_FIELDS, row, strict=True)) for row in speakers]
    return {
        "days": SPEAKING_DAYS,
        "until": until,
        "speakers": [(*named_speaker(row), row["quotes"]) for row in rows],
        "quotes": quotes,
        "anonymous": anonymous,
    }
