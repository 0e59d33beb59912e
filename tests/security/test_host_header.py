"""The Host header cannot poison cached pages: absolute URLs come from NEWSROOM_SITE_URL when it
is set, otherwise from the request's validated host, and then pages are cached per host."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory, make_image

pytestmark = pytest.mark.django_db

FOREIGN_HOST = "127.0.0.1:6666"  # allowed (ALLOWED_HOSTS ignores the port), on another port


@pytest.fixture
def story():
    story = ArticleFactory(
        slug="host-story",
        lead_image=make_image(alt_text="A market", credit="Reuters"),
    )
    story.topics.add("Ports")
    story.authors.create(name="Sana Malik", slug="sana-malik")
    return story


def public_urls(story):
    topic = story.topics.get()
    return [
        "/",
        story.get_absolute_url(),
        topic.get_absolute_url(),
        f"/sections/{story.section.slug}/",
        "/authors/sana-malik/",
        "/search/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"/topics/{topic.slug}/feed/",
        f"/sections/{story.section.slug}/feed/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-topics.xml",
        "/sitemap-news.xml",
    ]


def test_a_foreign_port_does_not_reach_readers_through_the_page_cache(client, story):
    for url in public_urls(story):
        poisoned = client.get(url, HTTP_HOST=FOREIGN_HOST)
        assert poisoned.status_code == 200, url
        assert FOREIGN_HOST in poisoned.content.decode(), url  # it was answered for that host
        normal = client.get(url)
        assert normal.status_code == 200, url
        body = normal.content.decode()
        assert ":6666" not in body, url
        assert "http://testserver/" in body, url


def absolute_urls(body: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", body)


NAMESPACES = (
    "http://www.w3.org/",
    "http://www.sitemaps.org/",
    "http://www.google.com/schemas/",
    "http://purl.org/dc/",
    "https://schema.org",
)


def test_with_a_site_url_every_absolute_url_uses_it_whatever_the_host(client, settings, story):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    for url in [*public_urls(story), "/robots.txt"]:
        for host in [FOREIGN_HOST, "testserver"]:
            body = client.get(url, HTTP_HOST=host).content.decode()
            found = [link for link in absolute_urls(body) if not link.startswith(NAMESPACES)]
            assert found, url
            for link in found:
                assert link.startswith("https://news.example.com/"), (url, host, link)


def test_story_page_absolute_urls_use_the_site_url(client, settings, story):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    body = client.get(story.get_absolute_url(), HTTP_HOST=FOREIGN_HOST).content.decode()
    canonical = f"https://news.example.com{story.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in body
    assert f'<meta property="og:url" content="{canonical}">' in body
    assert f'"@id": "{canonical}"' in body
    assert '<meta property="og:image" content="https://news.example.com/media/' in body


def test_the_share_link_uses_the_site_url(client, settings):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    draft = ArticleFactory(status=Article.Status.APPROVED)
    editor = UserFactory(username="root", is_superuser=True)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_share", args=[draft.pk]),
        {"days": 3},
        HTTP_HOST=FOREIGN_HOST,
        follow=True,
    )
    messages = " ".join(str(message) for message in response.context["messages"])
    assert "https://news.example.com/preview/" in messages
    assert "6666" not in messages


def test_a_host_that_is_not_allowed_is_refused_before_the_page_cache(client, story):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get(story.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400
