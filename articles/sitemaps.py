"""Sitemaps for search engines: every list starts from the publication rule.

Every address in them is on the site's origin (``newsroom.site_url``): Django's sitemap views
would take it from the request, so each request gets sitemaps made for its origin
(``sitemaps_for``) and the index is our own view.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.models import Article, Author, Section, Topic
from newsroom.publication import live_q
from newsroom.site_url import absolute_url, site_origin
from newsroom.urlcache import cached_reverse
from sources.models import Organisation, Source

SITEMAP_PAGE_SIZE = 5000


class PublicSitemap(Sitemap):
    """A sitemap whose addresses are on ``origin`` (e.g. ``https://news.example.com``)."""

    limit = SITEMAP_PAGE_SIZE

    def __init__(self, origin: str):
        self.origin = urlsplit(origin)

    def get_protocol(self, protocol=None):
        return self.origin.scheme

    def get_domain(self, site=None):
        return self.origin.netloc


class ArticleSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "published_at", "public_updated_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return max(article.public_updated_at or article.published_at, article.published_at)


class SectionSitemap(PublicSitemap):
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


class TopicSitemap(PublicSitemap):
    def items(self):
        return Topic.objects.public().order_by("name", "pk")


class AuthorSitemap(PublicSitemap):
    def items(self):
        return Author.objects.public().order_by("name", "pk")


class PersonSitemap(PublicSitemap):
    def items(self):
        return Source.objects.public().only("slug").order_by("name", "pk")


class OrganisationSitemap(PublicSitemap):
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


def sitemaps_for(request) -> dict[str, PublicSitemap]:
    return {name: sitemap(site_origin(request)) for name, sitemap in SITEMAPS.items()}


@x_robots_tag
def sitemap_index(request):
    """The sitemap index, as Django's ``index`` view makes it, with addresses on the site's
    origin: one entry per sitemap and page of it."""
    entries = []
    for name, sitemap in sitemaps_for(request).items():
        location = absolute_url(request, cached_reverse("sitemap-section", section=name))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_section(request, section):
    """One sitemap (``sitemap-articles.xml?p=2``), addresses on the site's origin."""
    return django_sitemap(request, sitemaps_for(request), section=section)


def news_sitemap_articles(now=None):
    """Stories for the Google News sitemap: public, published in the last two days, at most 1000."""
    now = now or timezone.now()
    return (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - timedelta(days=2))
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")[:1000]
    )
