"""RSS and Atom feeds for the site, each section and each topic; all from ``published()``.

Entries are stories from ``for_feed()``: bylines and topics come in one query each for the
whole feed.
"""

from __future__ import annotations

from copy import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Section, Topic, byline
from newsroom.site_url import absolute_url

FEED_SIZE = 30


class LatestStoriesFeed(Feed):
    """Links, ids and guids are absolute on the site's origin (``newsroom.site_url``); each
    request gets its own copy of the feed, which keeps the request for them."""

    feed_type = Rss201rev2Feed
    request = None

    def __call__(self, request, *args, **kwargs):
        feed = copy(self)  # one instance serves every request: never keep one on it
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, location: str) -> str:
        return absolute_url(self.request, location)

    def title(self):
        return f"{settings.NEWSROOM_NAME}: latest stories"

    def link(self):
        return self.absolute(reverse("articles:home"))

    def description(self):
        return f"The latest stories from {settings.NEWSROOM_NAME}."

    subtitle = description

    def feed_url(self, obj=None):
        name = "articles:atom" if self.feed_type is Atom1Feed else "articles:rss"
        return self.absolute(reverse(name))

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.stories(obj).newest_first().for_feed()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        """RSS descriptions and Atom summaries are HTML to feed readers; the dek is plain text."""
        return escape(item.dek)

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.public_updated

    def item_author_name(self, item):
        return byline([author.name for author in item.authors.all()], item.byline_text) or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics_by_name()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed


class SectionFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_NAME}: {obj.name}"

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {settings.NEWSROOM_NAME}."

    subtitle = description

    def feed_url(self, obj):
        name = "section_atom" if self.feed_type is Atom1Feed else "section_rss"
        return self.absolute(reverse(f"articles:{name}", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class TopicFeed(SectionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.public(), slug=slug)

    def feed_url(self, obj):
        name = "topic_atom" if self.feed_type is Atom1Feed else "topic_rss"
        return self.absolute(reverse(f"articles:{name}", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().filter(topics__id=obj.pk)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
