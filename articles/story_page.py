"""What a story page shows, read with queries compiled once per database (``newsroom.compiled``).

The story with its section and lead image, carrying as lists in its own row its bylines,
topics, quotes with their speakers, corrections made public and the lead image's renditions
(``Nested``), its related stories (``articles.related``) and the content version's row
(``newsroom.caching``'s ETag and keys): one query whatever the archive's size. Each list is an
ordinary queryset built from the rules it reads (``published()``,
``with_public_speakers()``, ``made_public()``); the query is compiled the first time and after
run as its SQL with the slug (or the story) and the time as parameters: building and compiling
it was most of an uncached story page's work, and on PostgreSQL each statement's round trip
costs both sides CPU (the paired A/Bs that keep this are in docs/performance.md).

``read()`` returns an ``Article`` whose lists are plain attributes: ``bylines``, ``listed_topics``
(as listings have them), ``public_quotes`` (of each speaker only what readers may know, never an
anonymous source's identity), ``public_corrections`` and ``related_stories`` (most shared
topics first, then the newest).
"""

from __future__ import annotations

from datetime import datetime

from django.db import connections, models, router
from django.db.models import OuterRef, Subquery

from articles.models import Article, Author, Correction, PublicState, StateRow, Topic
from articles.related import RelatedStories, related_stories
from images.models import Rendition
from images.renditions import FIGURE_FIELDS, RENDITION_FIELDS, remember_renditions
from newsroom.compiled import CompiledQuery, Nested, Parameter
from newsroom.reconnect import retry_if_dropped
from sources.models import Quote
from sources.querysets import SPEAKER_FIELDS

NOW = Parameter("now", models.DateTimeField())
SLUG = Parameter("slug", models.SlugField())
STORY_PK = Parameter("story", models.BigIntegerField())

STORY_FIELDS = (
    *("id", "headline", "slug", "dek", "dateline", "byline_text", "credit", "body"),
    *("status", "published_at", "embargo_until", "public_updated_at"),
    *("section", "section__name", "section__slug"),
    "lead_image",
    *(f"lead_image__{name}" for name in FIGURE_FIELDS),
    "related",
)
RELATED = {"related": RelatedStories.output_field}


def _with_related(stories) -> models.QuerySet:
    return stories.annotate(related=RelatedStories(Article.objects.published(now=NOW)))


# The content version's row, each field a column of the story's row (``PublicState.row()``).
VERSION = {
    "state_version": models.BigIntegerField(),
    "state_changed_at": models.DateTimeField(),
    "state_next_boundary_at": models.DateTimeField(null=True),
}


def _with_version(stories) -> models.QuerySet:
    row = PublicState.objects.row()
    return stories.annotate(
        **{name: Subquery(row.values(name.removeprefix("state_"))) for name in VERSION}
    )


STORY = OuterRef("pk")
LISTS = {
    "bylines": Nested(
        lambda: Author.objects.filter(articles=STORY).order_by("name", "pk"),
        fields=("id", "name", "slug"),
    ),
    "listed_topics": Nested(
        lambda: Topic.objects.filter(tagged_articles__content_object=STORY).order_by("name", "pk"),
        fields=("id", "name", "slug"),
    ),
    "public_quotes": Nested(
        lambda: Quote.objects.filter(article=STORY).with_public_speakers().in_story_order(),
        fields=(
            *("id", "article", "text", "is_direct", "paragraph", "position"),
            *("source", "organisation", "anonymous"),
            *(path for path in SPEAKER_FIELDS.values() if "__" in path or path == "speaker_title"),
        ),
    ),
    "public_corrections": Nested(
        lambda: Correction.objects.filter(article=STORY).made_public(now=NOW),
        fields=("id", "article", "kind", "text", "published_at"),
    ),
    "lead_image_renditions": Nested(
        lambda: Rendition.objects.filter(image=OuterRef("lead_image")),
        fields=RENDITION_FIELDS,
    ),
}

_public_story = CompiledQuery(
    lambda: _with_version(_with_related(Article.objects.published(now=NOW).filter(slug=SLUG))),
    fields=(*STORY_FIELDS, *VERSION),
    annotations={**RELATED, **VERSION},
    nested=LISTS,
    prepared=True,
)
_any_story = CompiledQuery(
    lambda: _with_related(Article.objects.filter(pk=STORY_PK)),
    fields=STORY_FIELDS,
    annotations=RELATED,
    nested=LISTS,
    prepared=True,
)


def read(*, now: datetime, slug: str | None = None, pk: int | None = None) -> Article | None:
    """The public story at ``slug`` as readers see it at ``now``, with the content version's
    row as the same statement read it (``content_version``: a ``StateRow``, None before the
    row exists), or (for a preview) the story ``pk`` whatever its state; None if there is
    none."""
    using = router.db_for_read(Article)
    if slug is not None:
        # A public request's first query, when the page cache is off: see newsroom.reconnect.
        found = retry_if_dropped(
            connections[using], lambda: _public_story.objects(using, slug=slug, now=now)
        )
    else:
        found = _any_story.objects(using, story=pk, now=now)
    if not found:
        return None
    story = found[0]
    if slug is not None:
        story.content_version = (
            StateRow(*(getattr(story, name) for name in VERSION))
            if story.state_version is not None
            else None
        )
    story.related_stories = related_stories(story.related, using=using)
    if story.lead_image is not None:
        remember_renditions(story.lead_image, story.lead_image_renditions)
    return story
