"""The publication rule, defined once.

``live_q()`` is the only definition of "a reader may see this story". It returns a ``Q`` so the
same rule can be applied across relations (quotes on a person's page, stories on a topic page),
as Wagtail's ``live_q`` does. ``Article.is_public`` mirrors it for a single object.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Exists, F, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone

from articles.signals import PublicContentQuerySet
from newsroom.expressions import JSONArraySubquery, JSONObject

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
# A story's text and search vector: lists that link to stories (quotes, corrections) never show
# them, and reading them for 20 quotes moved half a megabyte, most of a person's page's time.
STORY_TEXT_FIELDS = ("body", "search_vector")
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


class ArticleQuerySet(PublicContentQuerySet):
    def published(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """The only definition of what a reader may see; every public surface starts here."""
        return self.filter(live_q(now=now))

    def scheduled(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """Published stories whose publish time has not come: "Scheduled" in the back office."""
        from articles.models import Article  # noqa: PLC0415

        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def teasers(self, *extra_fields: str, **extra) -> ArticleQuerySet:
        """What a story's teaser shows, one row per story (``articles.pages.Teaser``): headline,
        dek, date, section and, as a JSON array, its topics; one query for a whole list."""
        from articles.models import Topic  # noqa: PLC0415

        topics = Topic.objects.filter(tagged_articles__content_object=OuterRef("pk"))
        return self.values(
            *TEASER_FIELDS,
            *extra_fields,
            section_name=F("section__name"),
            section_slug=F("section__slug"),
            topic_list=JSONArraySubquery(
                topics.order_by("name").values(item=JSONObject(id="id", name="name", slug="slug"))
            ),
            **extra,
        )

    def feed_entries(self) -> ArticleQuerySet:
        """A feed's entries: teasers with their update time and bylines (``articles.feeds``)."""
        from articles.models import Author  # noqa: PLC0415

        authors = Author.objects.filter(articles=OuterRef("pk")).order_by("name", "pk")
        return self.teasers(
            "public_updated_at",
            "byline_text",
            author_list=JSONArraySubquery(authors.values(item=JSONObject(name="name"))),
        )

    def for_story_page(self, *, now: datetime) -> ArticleQuerySet:
        """Everything a story page shows, as one row per story (``articles.pages.StoryPage``):
        the story's own fields, its section and lead image, and as JSON arrays its bylines,
        topics, quotes' speakers, corrections published by ``now``, the image's renditions and
        the related stories readers may see at ``now`` (``articles.related``).

        Only what readers may see is selected: of a quote's speaker, a person's public name,
        title and page, an institution's name and page, or an anonymous source's public
        description, never its identity or a person's staff-only fields.
        """
        from articles.models import Article, Author, Correction, Topic  # noqa: PLC0415
        from articles.related import RelatedStories  # noqa: PLC0415
        from images.models import Rendition  # noqa: PLC0415
        from sources.models import Quote  # noqa: PLC0415
        from sources.querysets import SPEAKER_FIELDS  # noqa: PLC0415

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
                        paragraph="paragraph", position="position", id="id", **SPEAKER_FIELDS
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
            related_list=RelatedStories(Article.objects.published(now=now)),
        )

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """Django's, except that the years of ``published_at`` (the admin list's date hierarchy)
        are found by reading each year's first story from the date index, instead of truncating
        every date of the archive in the newsroom's time zone."""
        if field_name != "published_at" or kind != "year":
            return super().datetimes(field_name, kind, order=order, tzinfo=tzinfo)
        zone = tzinfo or timezone.get_current_timezone()
        span = self.aggregate(first=Min("published_at"), last=Max("published_at"))
        years = (
            range(span["first"].astimezone(zone).year, span["last"].astimezone(zone).year + 1)
            if span["first"]
            else ()
        )
        firsts = {
            f"first_in_{year}": Subquery(
                self.filter(
                    published_at__gte=datetime(year, 1, 1, tzinfo=zone),
                    published_at__lt=datetime(year + 1, 1, 1, tzinfo=zone),
                )
                .order_by("published_at")
                .values("published_at")[:1]
            )
            for year in years
        }
        row = (
            self.model._base_manager.using(self.db)
            .order_by()
            .annotate(**firsts)
            .values(*firsts)[:1]
            if firsts
            else []
        )
        found = [first for first in (row[0].values() if row else ()) if first is not None]
        narrowed = self.filter(published_at__in=found)
        return super(ArticleQuerySet, narrowed).datetimes(
            field_name, kind, order=order, tzinfo=tzinfo
        )

    def owned_by(self, user) -> ArticleQuerySet:
        """Stories the user created or carries a byline on."""
        return self.filter(Q(owner=user) | Q(authors__user=user)).distinct()


class TopicQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> TopicQuerySet:
        """Topics a story readers may see carries: the ones with a page, a feed and a sitemap."""
        from articles.models import TaggedArticle  # noqa: PLC0415

        carried = TaggedArticle.objects.filter(
            live_q("content_object__", now=now), tag=OuterRef("pk")
        )
        return self.filter(Exists(carried))


class AuthorQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> AuthorQuerySet:
        """Authors with a byline on a story readers may see."""
        from articles.models import Article  # noqa: PLC0415

        return self.filter(
            Exists(Article.objects.published(now=now).filter(authors=OuterRef("pk")))
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves out ``search_vector``: only search reads it, and it is as large as the body."""

    def get_queryset(self) -> ArticleQuerySet:
        return super().get_queryset().defer("search_vector")
