"""The stories' querysets: ``published()`` applies the publication rule
(``newsroom.publication.live_q``), and every public surface starts from it."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from newsroom.expressions import CappedCount
from newsroom.publication import PUBLISHED, STORY_TEXT_FIELDS, live_q
from newsroom.signals import PublicContentQuerySet


class ArticleQuerySet(PublicContentQuerySet):
    def published(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """What a reader may see: the publication rule (``live_q``) as a queryset, where every
        public surface starts."""
        return self.filter(live_q(now=now))

    def retracted(self) -> ArticleQuerySet:
        """Stories taken down with a public retraction: their page answers 410 with the note,
        and the syndication API lists them as canceled so partners take them down too. A
        retraction is only ever of a story readers saw, so each has a publish time."""
        return self.filter(
            status=self.model.Status.UNPUBLISHED, published_at__isnull=False
        ).exclude(retraction_note="")

    def scheduled(self, *, now: datetime | None = None) -> ArticleQuerySet:
        """Published stories whose publish time has not come: "Scheduled" in the back office."""
        return self.filter(status=PUBLISHED, published_at__gt=now or timezone.now())

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """Stories as teasers (front page, topic, section, author and archive lists): each with its
        section and lead image in the same query, never the text a list does not show; the
        images' renditions in one more query (``{% picture %}`` then costs none) and every story's
        topics in one more as a plain list (``listed_topics``).

        A list, not ``topics.all()``: for that, django-taggit builds a queryset per story, which
        made a page of 20 teasers twice as slow to build as reading it."""
        return (
            self.select_related("section", "lead_image")
            .defer(*STORY_TEXT_FIELDS)
            .prefetch_related("lead_image__renditions", Prefetch("topics", to_attr="listed_topics"))
        )

    def for_feed(self) -> ArticleQuerySet:
        """A feed's entries: each story without its text, its bylines and topics in one query
        each for the whole feed, the topics as for a listing (``listed_topics``)."""
        return self.defer(*STORY_TEXT_FIELDS).prefetch_related(
            Prefetch("authors", queryset=self._related("authors").order_by("name", "pk")),
            Prefetch("topics", to_attr="listed_topics"),
        )

    def _related(self, name: str) -> models.QuerySet:
        """The default queryset of the model at the end of the relation ``name``."""
        return self.model._meta.get_field(name).related_model._default_manager.all()

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


class CorrectionQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> CorrectionQuerySet:
        """Corrections and updates readers may see: made public by ``now``, on a public story;
        oldest first, as a story lists them."""
        now = now or timezone.now()
        return self.filter(live_q("article__", now=now)).made_public(now=now)

    def made_public(self, *, now: datetime | None = None) -> CorrectionQuerySet:
        """Of a public story's corrections, those readers may see: made public by ``now``;
        oldest first, as a story lists them. ``public()`` adds the story's own rule."""
        return self.filter(published_at__lte=now or timezone.now()).order_by("published_at", "pk")


class TopicQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> TopicQuerySet:
        """Topics a story readers may see carries: the ones with a page, a feed and a sitemap."""
        tagged = self.model._meta.get_field("tagged_articles").related_model
        carried = tagged.objects.filter(live_q("content_object__", now=now), tag=OuterRef("pk"))
        return self.filter(Exists(carried))

    def for_index(self, *, now: datetime | None = None) -> TopicQuerySet:
        """Public topics, each with its public stories counted (``CappedCount``) as ``story_count``."""
        now = now or timezone.now()
        tagged = self.model._meta.get_field("tagged_articles").related_model.objects
        return self.public(now=now).annotate(
            story_count=CappedCount(
                tagged.filter(live_q("content_object__", now=now), tag=OuterRef("pk"))
            )
        )


class AuthorQuerySet(PublicContentQuerySet):
    def public(self, *, now: datetime | None = None) -> AuthorQuerySet:
        """Authors with a byline on a story readers may see."""
        articles = self.model._meta.get_field("articles").related_model
        return self.filter(
            Exists(articles.objects.published(now=now).filter(authors=OuterRef("pk")))
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Leaves out ``search_vector``: only search reads it, and it is as large as the body."""

    def get_queryset(self) -> ArticleQuerySet:
        return super().get_queryset().defer("search_vector")


# Index pages: /topics/, /sections/, /people/, /organisations/.


class SectionQuerySet(PublicContentQuerySet):
    def for_index(self, *, now: datetime | None = None) -> SectionQuerySet:
        """Sections with a story readers may see, in the desk's order, each with its public
        stories counted (``CappedCount``) as ``story_count``."""
        stories = self.model._meta.get_field("articles").related_model.objects.published(now=now)
        return self.filter(Exists(stories.filter(section=OuterRef("pk")))).annotate(
            story_count=CappedCount(stories.filter(section=OuterRef("pk")))
        )
