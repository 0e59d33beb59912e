"""Sitemaps for search engines: every list starts from the publication rule."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from articles.models import Article, Author, Section, Topic
from articles.querysets import live_q
from sources.models import Organisation, Source

SITEMAP_PAGE_SIZE = 5000


class ArticleSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "public_updated_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return max(article.public_updated_at or article.published_at, article.published_at)


class SectionSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE
    changefreq = "hourly"

    def items(self):
        return (
            Section.objects.annotate(
                newest=Max("articles__published_at", filter=live_q("articles__"))
            )
            .filter(newest__isnull=False)
            .order_by("position", "name")
        )

    def lastmod(self, section):
        return section.newest


class TopicSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Topic.objects.public().order_by("name", "pk")


class AuthorSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Author.objects.public().order_by("name", "pk")


class PersonSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Source.objects.public().only("slug").order_by("name", "pk")


class OrganisationSitemap(Sitemap):
    limit = SITEMAP_PAGE_SIZE

    def items(self):
        return Organisation.objects.public().only("slug").order_by("name", "pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "people": PersonSitemap,
    "organisations": OrganisationSitemap,
}


def news_sitemap_articles(now=None):
    """Stories for the Google News sitemap: public, published in the last two days, at most 1000."""
    now = now or timezone.now()
    return (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - timedelta(days=2))
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")[:1000]
    )
