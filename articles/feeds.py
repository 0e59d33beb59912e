"""RSS and Atom feeds for the site, each section and each topic; all from ``published()``.

Entries are rows of one prepared query per kind of feed (``ArticleQuerySet.feed_entries``):
bylines and topics come with the stories, not as model instances and prefetches.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Section, Topic, byline
from articles.pages import Teaser
from newsroom.prepared import PreparedQuery
from newsroom.site_url import absolute_url

FEED_SIZE = 30


@dataclass(frozen=True)
class FeedEntry:
    story: Teaser
    updated_at: datetime
    byline: str

    @classmethod
    def from_row(cls, row: dict) -> FeedEntry:
        story = Teaser.from_row(row)
        updated = row["public_updated_at"] or story.published_at
        authors = [author["name"] for author in row["author_list"]]
        return cls(
            story=story,
            updated_at=max(updated, story.published_at),
            byline=byline(sorted(authors), row["byline_text"]),
        )


def _newest(stories):
    return stories.newest_first().feed_entries()[:FEED_SIZE]


_latest = PreparedQuery(lambda now: _newest(Article.objects.published(now=now)), now=datetime)
_in_section = PreparedQuery(
    lambda now, section: _newest(Article.objects.published(now=now).filter(section_id=section)),
    now=datetime,
    section=int,
)
_on_topic = PreparedQuery(
    lambda now, topic: _newest(Article.objects.published(now=now).filter(topics__id=topic)),
    now=datetime,
    topic=int,
)


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

    def entries(self, obj, now):
        return _latest.rows(now=now)

    def items(self, obj=None):
        return [FeedEntry.from_row(row) for row in self.entries(obj, timezone.now())]

    def item_title(self, item):
        return item.story.headline

    def item_description(self, item):
        """RSS descriptions and Atom summaries are HTML to feed readers; the dek is plain text."""
        return escape(item.story.dek)

    def item_link(self, item):
        return self.absolute(item.story.url)

    def item_guid(self, item):
        return self.absolute(item.story.url)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.story.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [topic.name for topic in item.story.topics]


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

    def entries(self, obj, now):
        return _in_section.rows(now=now, section=obj.pk)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class TopicFeed(SectionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.public(), slug=slug)

    def feed_url(self, obj):
        name = "topic_atom" if self.feed_type is Atom1Feed else "topic_rss"
        return self.absolute(reverse(f"articles:{name}", kwargs={"slug": obj.slug}))

    def entries(self, obj, now):
        return _on_topic.rows(now=now, topic=obj.pk)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
