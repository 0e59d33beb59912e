"""Sitemaps follow the sitemap protocol and the Google News extension, and list only public pages."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)  # noqa: S314


def check_urlset(root):
    assert root.tag == f"{SM}urlset"
    locs = []
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc.startswith("http://testserver/")
        lastmod = url.findtext(f"{SM}lastmod")
        assert lastmod is None or W3C_DATETIME.match(lastmod), lastmod
        locs.append(loc)
    return locs


def test_sitemap_index_points_to_valid_sitemaps_of_public_pages(client, demo_newsroom):
    ArticleFactory(headline="Draft", slug="draft-in-sitemap", status=Article.Status.DRAFT)
    index = parse(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    children = [node.findtext(f"{SM}loc") for node in index.findall(f"{SM}sitemap")]
    names = {re.search(r"sitemap-(\w+)\.xml", child).group(1) for child in children}
    assert names >= {"articles", "topics", "people", "organisations", "sections", "authors"}
    every_loc = []
    for child in children:
        assert child.startswith("http://testserver/")
        every_loc += check_urlset(parse(client, child.removeprefix("http://testserver")))
    assert "http://testserver/people/huma-baqai/" in every_loc
    assert "http://testserver/topics/pakistan-russia-relations/" in every_loc
    assert not [loc for loc in every_loc if "draft-in-sitemap" in loc]
    assert not [loc for loc in every_loc if "confidential" in loc]


def test_article_sitemap_is_paginated(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    index = parse(client, "/sitemap.xml")
    children = [node.findtext(f"{SM}loc") for node in index.findall(f"{SM}sitemap")]
    assert "http://testserver/sitemap-articles.xml?p=3" in children
    assert len(check_urlset(parse(client, "/sitemap-articles.xml?p=3"))) == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404


def test_news_sitemap_lists_public_stories_of_the_last_two_days(client):
    fresh = ArticleFactory(headline="Fresh & new", published_at=timezone.now() - timedelta(hours=3))
    ArticleFactory(headline="Old story", published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(headline="Fresh draft", status=Article.Status.DRAFT)
    QuoteFactory(article=fresh)
    root = parse(client, "/sitemap-news.xml")
    locs = check_urlset(root)
    assert locs == ["http://testserver" + fresh.get_absolute_url()]
    news = root.find(f"{SM}url/{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    assert W3C_DATETIME.match(news.findtext(f"{NEWS}publication_date"))


def test_sitemaps_are_served_from_the_page_cache(client, django_assert_num_queries):
    ArticleFactory()
    client.get("/sitemap-articles.xml")
    with django_assert_num_queries(1):  # the content version only
        client.get("/sitemap-articles.xml")
