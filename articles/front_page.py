"""What the home page shows, read with queries compiled once per database (``newsroom.compiled``).

The lead story and the top stories (editors' picks first, then the newest), the latest
headlines, each section's newest stories not shown above them, and who is speaking in the week's
stories: a fixed handful of queries whatever the archive's size. Each is an ordinary queryset
built from the rules it reads (``published()``, ``newest_first()``, ``newest_in_each_section()``,
the quotes' ``said_between()``, ``most_quoted()`` and ``anonymity()``), compiled the first time
and after run as its SQL with the time and the stories' ids as parameters: building and
compiling them was most of an uncached home page's work (the paired A/B that keeps this is in
docs/performance.md). Ids are read first and the stories then by primary key: asked for in one
statement, "picked or among the newest" and "in any section's newest" made PostgreSQL test every
story of the archive.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby

from django.db import models, router

from articles.models import Article, FrontPageItem
from images.renditions import FIGURE_FIELDS, read_renditions
from newsroom.compiled import CompiledQuery, ListParameter, Parameter
from sources.models import Quote, named_speaker

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

HEADLINE_FIELDS = ("id", "headline", "slug", "published_at", "section", "section__name")
HEADLINE_FIELDS += ("section__slug",)
TEASER_FIELDS = (
    *HEADLINE_FIELDS,
    *("dek", "lead_image"),
    *(f"lead_image__{name}" for name in FIGURE_FIELDS),
)
NEWEST_IN_SECTION = tuple(f"newest{n}" for n in range(HOME_PER_SECTION))
NAMED_SPEAKER_FIELDS = (
    "person_name",
    "honorific",
    "person_slug",
    "organisation_name",
    "organisation_slug",
)

_picks = CompiledQuery(
    lambda: FrontPageItem.objects.order_by("position", "pk"),
    fields=("article",),
    prepared=True,
)
_newest = CompiledQuery(
    lambda: Article.objects.published(now=NOW).newest_first()[: FEATURED + HOME_LATEST],
    fields=("id",),
    prepared=True,
)
_teasers = CompiledQuery(
    lambda: Article.objects.published(now=NOW).filter(pk__in=STORIES),
    fields=TEASER_FIELDS,
    prepared=True,
)
_newest_in_sections = CompiledQuery(
    lambda: Article.objects.published(now=NOW).newest_in_each_section(
        per_section=HOME_PER_SECTION, exclude=STORIES
    ),
    fields=NEWEST_IN_SECTION,
    annotations={name: models.BigIntegerField() for name in NEWEST_IN_SECTION},
    prepared=True,
)
_headlines = CompiledQuery(
    lambda: (
        Article.objects.published(now=NOW)
        .filter(pk__in=STORIES)
        .order_by("section__position", "section__name", "-published_at", "-pk")
    ),
    fields=HEADLINE_FIELDS,
    prepared=True,
)
_most_quoted = CompiledQuery(
    lambda: Quote.objects.said_between(START, END, now=NOW).most_quoted(limit=MOST_QUOTED),
    fields=("source_id", "organisation_id", *NAMED_SPEAKER_FIELDS, "quotes"),
    annotations={
        **{name: models.CharField() for name in NAMED_SPEAKER_FIELDS},
        "quotes": models.IntegerField(),
    },
    prepared=True,
)
_anonymity = CompiledQuery(
    lambda: Quote.objects.said_between(START, END, now=NOW).anonymity(),
    fields=("quotes", "anonymous"),
    annotations={"quotes": models.IntegerField(), "anonymous": models.IntegerField()},
    prepared=True,
)


def read(*, now: datetime) -> dict:
    """The home page's context at ``now``: ``lead``, ``top_stories`` and ``latest`` (stories),
    ``sections`` (pairs of a section and its newest stories) and ``speaking``."""
    using = router.db_for_read(Article)
    picked = [article_id for (article_id,) in _picks.rows(using)]
    newest_ids = [pk for (pk,) in _newest.rows(using, now=now)]
    found = _teasers.objects(using, now=now, stories=[*picked, *newest_ids])
    candidates = {story.pk: story for story in found}
    picks = [candidates[pk] for pk in picked if pk in candidates]
    newest = sorted(found, key=lambda story: (story.published_at, story.pk), reverse=True)
    featured = (picks + [story for story in newest if story not in picks])[:FEATURED]
    latest = [story for story in newest if story not in featured][:HOME_LATEST]
    read_renditions([story.lead_image for story in featured if story.lead_image], using=using)
    shown = [story.pk for story in featured + latest]
    in_sections = [
        pk
        for row in _newest_in_sections.rows(using, now=now, stories=shown)
        for pk in row
        if pk is not None
    ]
    headlines = _headlines.objects(using, now=now, stories=in_sections) if in_sections else []
    return {
        "lead": featured[0] if featured else None,
        "top_stories": featured[1:],
        "latest": latest,
        "sections": [
            (section, list(stories))
            for section, stories in groupby(headlines, key=lambda story: story.section)
        ],
        "speaking": who_is_speaking(using, until=newest[0].published_at, now=now)
        if newest
        else None,
    }


def who_is_speaking(using: str, *, until: datetime, now: datetime) -> dict:
    """The people and institutions quoted most in the public stories of the week to ``until``
    (the newest story's publish time: the last seven days in a newsroom that publishes daily),
    and how many of that week's quotes are anonymous; two aggregates over the week's quotes."""
    week = {"start": until - timedelta(days=SPEAKING_DAYS), "end": until, "now": now}
    names = ("source_id", "organisation_id", *NAMED_SPEAKER_FIELDS)
    speakers = [
        (*named_speaker(dict(zip(names, row, strict=False))), row[-1])
        for row in _most_quoted.rows(using, **week)
    ]
    [(quotes, anonymous)] = _anonymity.rows(using, **week)
    return {
        "days": SPEAKING_DAYS,
        "until": until,
        "speakers": speakers,
        "quotes": quotes,
        "anonymous": anonymous,
    }
