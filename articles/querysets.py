"""The publication rule, defined once.

``live_q()`` is the only definition of "a reader may see this story". It returns a ``Q`` so the
same rule can be applied across relations (quotes on a person's page, stories on a topic page),
as Wagtail's ``live_q`` does. ``Article.is_public`` mirrors it for a single object.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connections, models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone


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

    def related_to(self, article, *, limit: int = 5, per_topic: int = 100) -> list:
        """Stories sharing the most topics with ``article``, newest first among equals.

        Call it on ``published()``. Only the ``per_topic`` stories most recently added to each of
        the article's topics are compared, each read backwards from the ``(tag, story)`` index:
        counting shared topics over every story of a popular topic, or scanning the whole archive
        by date for the stories of a rare one, took 30-200 ms at 100,000 stories.
        """
        from articles.models import TaggedArticle  # noqa: PLC0415

        topic_ids = [topic.pk for topic in article.topics.all()]
        if not topic_ids:
            return []
        tagged = TaggedArticle.objects.exclude(content_object_id=article.pk).order_by(
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
        return list(
            self.filter(pk__in=candidates)
            .annotate(
                shared_topics=models.Count(
                    "tagged_items", filter=Q(tagged_items__tag_id__in=topic_ids)
                )
            )
            .select_related("section")
            .order_by("-shared_topics", "-published_at", "-pk")[:limit]
        )

    def owned_by(self, user) -> ArticleQuerySet:
        """Stories the user created or carries a byline on."""
        return self.filter(Q(owner=user) | Q(authors__user=user)).distinct()


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves out ``search_vector``: only search reads it, and it is as large as the body."""

    def get_queryset(self) -> ArticleQuerySet:
        return super().get_queryset().defer("search_vector")
