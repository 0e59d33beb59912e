"""RSS and Atom feeds for the site, each section and each topic; all from ``published()``."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Section, TaggedArticle, Topic
from articles.querysets import live_q

FEED_SIZE = 30


class LatestStoriesFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self):
        return f"{settings.NEWSROOM_NAME}: latest stories"

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"The latest stories from {settings.NEWSROOM_NAME}."

    subtitle = description

    def feed_url(self, obj=None):
        return reverse("articles:atom" if self.feed_type is Atom1Feed else "articles:rss")

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.stories(obj).for_listing().prefetch_related("authors")[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        """RSS descriptions and Atom summaries are HTML to feed readers; the dek is plain text."""
        return escape(item.dek)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.public_updated_at or item.published_at, item.published_at)

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed


class SectionFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {settings.NEWSROOM_NAME}."

    subtitle = description

    def feed_url(self, obj):
        name = "section_atom" if self.feed_type is Atom1Feed else "section_rss"
        return reverse(f"articles:{name}", kwargs={"slug": obj.slug})

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class TopicFeed(SectionFeed):
    def get_object(self, request, slug):
        public_use = TaggedArticle.objects.filter(live_q("content_object__"), tag=OuterRef("pk"))
        return get_object_or_404(Topic.objects.filter(Exists(public_use)), slug=slug)

    def feed_url(self, obj):
        name = "topic_atom" if self.feed_type is Atom1Feed else "topic_rss"
        return reverse(f"articles:{name}", kwargs={"slug": obj.slug})

    def stories(self, obj):
        return Article.objects.published().filter(topics=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
