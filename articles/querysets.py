"""The publication rule, defined once.

``live_q()`` is the only definition of "a reader may see this story". It returns a ``Q`` so the
same rule can be applied across relations (quotes on a person's page, stories on a topic page),
as Wagtail's ``live_q`` does. ``Article.is_public`` mirrors it for a single object.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connections, models
from django.db.models import F, OuterRef, Q, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

from newsroom.expressions import JSONArraySubquery

# The story's own columns on its page, and the lead image's (for ``{% picture %}`` and its caption).
STORY_PAGE_FIELDS = (
    "id",
    "headline",
    "slug",
    "dek",
    "dateline",
    "body",
    "byline_text",
    "credit",
    "published_at",
    "public_updated_at",
    "lead_image_id",
)
TEASER_FIELDS = ("id", "headline", "slug", "dek", "published_at")
LEAD_IMAGE_FIELDS = (
    "id",
    "file",
    "caption",
    "credit",
    "alt_text",
    "focal_x",
    "focal_y",
    "width",
    "height",
    "format",
)


def live_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Stories a reader may see: published, publish time come, and any embargo passed.

    ``prefix`` is the relation path to the article, e.g. ``"article__"`` from a quote.
    ``now`` is read at call time (never at import time) unless a test passes it in.
    """
    from articles.models import Article  # noqa: PLC0415 (models import this module)

    now = now or timezone.now()
    return (
        Q(**{f"{prefix}status": Article.Status.PUBLISHED})
        & Q(**{f"{prefix}published_at__lte": now})
        & (
            Q(**{f"{prefix}embargo_until__isnull": True})
            | Q(**{f"{prefix}embargo_until__lte": now})
        )
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """The only definition of what a reader may see; every public surface starts here."""
        return self.filter(live_q(now=now))

    def scheduled(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """Published stories whose publish time has not come: "Scheduled" in the back office."""
        from articles.models import Article  # noqa: PLC0415

        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def for_listing(self) -> ArticleQuerySet:
        """Everything a story teaser needs (section and topics), in a fixed number of queries."""
        return (
            self.select_related("section")
            .prefetch_related("topics")
            .order_by("-published_at", "-pk")
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def teasers(self) -> ArticleQuerySet:
        """What a story's teaser shows, one row per story (``articles.pages.Teaser``): headline,
        dek, date, section and, as a JSON array, its topics; one query for a whole list."""
        from articles.models import Topic  # noqa: PLC0415

        topics = Topic.objects.filter(tagged_articles__content_object=OuterRef("pk"))
        return self.values(
            *TEASER_FIELDS,
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            topic_list=JSONArraySubquery(
                topics.order_by("name").values(item=JSONObject(id="id", name="name", slug="slug"))
            ),
        )

    def related_to(
        self, story_id: int, topic_ids: Sequence[int], *, limit: int = 5, per_topic: int = 30
    ) -> ArticleQuerySet:
        """Stories sharing the most of ``topic_ids`` with story ``story_id``, newest first among
        equals, each with ``shared_topics``.

        Call it on ``published()``. Only the ``per_topic`` stories most recently added to each
        topic are compared, each read backwards from the ``(tag, story)`` index: counting shared
        topics over every story of a popular topic, or scanning the whole archive by date for the
        stories of a rare one, took 30-200 ms at 100,000 stories.
        """
        from articles.models import TaggedArticle  # noqa: PLC0415

        if not topic_ids:
            return self.none()
        tagged = TaggedArticle.objects.exclude(content_object_id=story_id).order_by(
            "-content_object_id"
        )
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            newest = [
                tagged.filter(tag_id=topic_id).values("content_object_id")[:per_topic]
                for topic_id in topic_ids
            ]
            candidates = newest[0].union(*newest[1:], all=True)
        else:  # SQLite: the same top-N per topic, by a window over the topics' stories
            candidates = (
                tagged.filter(tag_id__in=topic_ids)
                .annotate(
                    rank=Window(
                        RowNumber(),
                        partition_by=[F("tag_id")],
                        order_by=[F("content_object_id").desc()],
                    )
                )
                .filter(rank__lte=per_topic)
                .values("content_object_id")
            )
        return (
            self.filter(pk__in=candidates)
            .annotate(
                shared_topics=models.Count(
                    "tagged_items", filter=Q(tagged_items__tag_id__in=topic_ids)
                )
            )
            .select_related("section")
            .order_by("-shared_topics", "-published_at", "-pk")[:limit]
        )

    def for_story_page(self, *, now: datetime) -> ArticleQuerySet:
        """Everything a story page shows, as one row per story (``articles.pages.StoryPage``):
        the story's own fields, its section and lead image, and as JSON arrays its bylines,
        topics, quotes' speakers, corrections published by ``now`` and the image's renditions.

        Only what readers may see is selected: of a quote's speaker, a person's public name,
        title and page, an institution's name and page, or an anonymous source's public
        description, never its identity or a person's staff-only fields.
        """
        from articles.models import Author, Correction, Topic  # noqa: PLC0415
        from images.models import Rendition  # noqa: PLC0415
        from sources.models import Quote  # noqa: PLC0415

        story = OuterRef("pk")
        authors = Author.objects.filter(articles=story).order_by("name", "pk")
        topics = Topic.objects.filter(tagged_articles__content_object=story).order_by("name")
        quotes = Quote.objects.filter(article=story).in_story_order()
        corrections = Correction.objects.filter(article=story, published_at__lte=now).order_by(
            "published_at", "pk"
        )
        renditions = Rendition.objects.filter(image=OuterRef("lead_image")).order_by("pk")
        return self.values(
            *STORY_PAGE_FIELDS,
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            lead_image_fields=JSONObject(
                **{field: f"lead_image__{field}" for field in LEAD_IMAGE_FIELDS}
            ),
            author_list=JSONArraySubquery(
                authors.values(item=JSONObject(name="name", slug="slug"))
            ),
            topic_list=JSONArraySubquery(
                topics.values(item=JSONObject(id="id", name="name", slug="slug"))
            ),
            quote_list=JSONArraySubquery(
                quotes.values(
                    item=JSONObject(
                        paragraph="paragraph",
                        position="position",
                        id="id",
                        speaker_title="speaker_title",
                        source="source_id",
                        person_name="source__name",
                        honorific="source__honorific",
                        person_title="source__title",
                        person_slug="source__slug",
                        organisation="organisation_id",
                        organisation_name="organisation__name",
                        organisation_slug="organisation__slug",
                        anonymous="anonymous_id",
                        anonymous_description="anonymous__description",
                    )
                )
            ),
            correction_list=JSONArraySubquery(
                corrections.values(
                    item=JSONObject(kind="kind", text="text", published_at="published_at")
                )
            ),
            rendition_list=JSONArraySubquery(
                renditions.values(
                    item=JSONObject(
                        id="id", spec="spec", file="file", width="width", height="height"
                    )
                )
            ),
        )

    def owned_by(self, user) -> ArticleQuerySet:
        """Stories the user created or carries a byline on."""
        return self.filter(Q(owner=user) | Q(authors__user=user)).distinct()


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves out ``search_vector``: only search reads it, and it is as large as the body."""

    def get_queryset(self) -> ArticleQuerySet:
        return super().get_queryset().defer("search_vector")
