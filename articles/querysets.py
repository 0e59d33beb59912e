"""The publication rule, defined once.

``live_q()`` is the only definition of "a reader may see this story". It returns a ``Q`` so the
same rule can be applied across relations (quotes on a person's page, stories on a topic page),
as Wagtail's ``live_q`` does. ``Article.is_public`` mirrors it for a single object.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
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
        """Everything a story teaser needs, fetched in a fixed number of queries."""
        return (
            self.select_related("section")
            .prefetch_related("authors", "topics")
            .order_by("-published_at", "-pk")
        )

    def owned_by(self, user) -> ArticleQuerySet:
        """Stories the user created or carries a byline on."""
        return self.filter(Q(owner=user) | Q(authors__user=user)).distinct()


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves out ``search_vector``: only search reads it, and it is as large as the body."""

    def get_queryset(self) -> ArticleQuerySet:
        return super().get_queryset().defer("search_vector")
