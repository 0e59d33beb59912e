"""The publication rule on every public surface: nothing that is not public appears anywhere."""

from urllib.parse import unquote_plus

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from articles import front_page, search, story_page
from images import renditions
from tests.public.conftest import DEMO_PAGES, ISLAMABAD_URL, forms_of

pytestmark = pytest.mark.django_db

CONFIDENTIAL = [
    "Demo Confidential Person",
    "+92 51 555 0147",
    "555 0147",
    "demo.confidential.person",
    "demo-confidential-person",
    "Americas desk",
]


# Surfaces that list places rather than stories, so the public story's URL is not expected there.
SHOWS_NO_STORIES = {
    "/archive/",
    "/sections/",
    "/topics/?letter=h",
    "/topics/?letter=s",
    "/people/?letter=o",
    "/people/?letter=s",
    "/organisations/",
    "/robots.txt",
    "/search/?q=secret",
    "/sitemap.xml",
    "/sitemap-sections.xml",
    "/sitemap-topics.xml",
    "/sitemap-authors.xml",
    "/sitemap-people.xml",
    "/sitemap-organisations.xml",
}


def surfaces(public_story, year_month):
    year, month = year_month
    section = public_story.section.slug
    return [
        "/",
        public_story.get_absolute_url(),
        f"/sections/{section}/",
        f"/sections/{section}/?page=1",
        f"/sections/{section}/feed/",
        f"/sections/{section}/feed/atom/",
        "/topics/shared-harbour-topic/",
        "/topics/shared-harbour-topic/feed/",
        "/topics/shared-harbour-topic/feed/atom/",
        "/authors/shared-author/",
        "/people/shared-person/",
        "/archive/",
        f"/archive/{year}/",
        f"/archive/{year}/{month:02d}/",
        "/sections/",
        "/topics/?letter=h",
        "/topics/?letter=s",
        "/people/?letter=o",
        "/people/?letter=s",
        "/organisations/",
        "/corrections/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-topics.xml",
        "/sitemap-authors.xml",
        "/sitemap-people.xml",
        "/sitemap-organisations.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/search/?q=harbour",
        "/search/?q=secret",
        "/search/?q=story",
    ]


@pytest.mark.parametrize("page_cache", [True, False], ids=["cached", "uncached"])
def test_no_story_that_is_not_public_appears_on_any_surface(
    client, settings, public_story, hidden_stories, page_cache
):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    published = public_story.published_at
    for url in surfaces(public_story, (published.year, published.month)):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for story, token in hidden_stories.values():
            assert token not in body, (url, token)
            for form in forms_of(story.headline):
                assert form not in body, (url, form)
            assert story.slug not in body, (url, story.slug)
        if url not in SHOWS_NO_STORIES:
            assert public_story.slug in body, url


@pytest.mark.parametrize("state", ["draft", "in_review", "scheduled", "embargoed", "unpublished"])
def test_each_hidden_story_and_its_own_pages_answer_404(client, hidden_stories, state):
    story, token = hidden_stories[state]
    day = story.published_at or story.created_at
    url = f"/{day:%Y/%m/%d}/{story.slug}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/people/only-{token}/").status_code == 404
    assert client.get(f"/topics/hidden-topic-{token}/").status_code == 404
    assert client.get(f"/topics/hidden-topic-{token}/feed/").status_code == 404
    for query in [token, f"Person {token}"]:
        html = client.get("/search/", {"q": query}).content.decode()
        assert f"/people/only-{token}/" not in html
        assert story.headline not in html


def test_search_queries_for_hidden_words_find_nothing(client, hidden_stories):
    for story, token in hidden_stories.values():
        html = client.get("/search/", {"q": token}).content.decode()
        assert f"No stories match “{token}”" in html
        assert story.get_absolute_url() is None or story.get_absolute_url() not in html


DEMO_SURFACES = [
    "/",
    ISLAMABAD_URL,
    "/people/huma-baqai/",
    "/organisations/pakistan-foreign-ministry/",
    "/topics/pakistan-russia-relations/",
    "/topics/pakistan-russia-relations/feed/",
    "/sections/pakistan/",
    "/sections/pakistan/feed/atom/",
    "/authors/sana-malik/",
    "/archive/",
    "/archive/2016/",
    "/archive/2016/12/",
    "/corrections/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/sitemap-people.xml",
    "/sitemap-organisations.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/search/?q=official",
    "/search/?q=foreign+ministry",
    "/search/?q=Demo+Confidential+Person",
    "/search/?q=Americas",
    "/search/?q=555+0147",
]


@pytest.mark.parametrize("url", DEMO_SURFACES)
def test_no_public_surface_reveals_the_anonymous_source(client, demo_newsroom, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if "?q=" in url:
        # The reader's own query is echoed back (title, form, canonical); nothing else may match.
        query = unquote_plus(url.split("?q=")[1])
        for form in forms_of(query) | {url.split("?q=")[1]}:
            body = body.replace(form, "")
        assert "No stories match" in body or "official" in query or "ministry" in query
    for secret in CONFIDENTIAL:
        for form in forms_of(secret):
            assert form not in body, (url, secret)
    cache.clear()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepared statements")
def test_every_public_page_is_the_same_with_its_statements_prepared(
    client, demo_newsroom, monkeypatch
):
    """Persistent connections (``CONN_MAX_AGE``) run the pages' compiled reads as prepared
    statements with generic plans (``newsroom.compiled``): the pages must not change."""
    monkeypatch.setattr(settings, "NEWSROOM_PAGE_CACHE", False)
    planned_each_run = {url: client.get(url).content for url in DEMO_PAGES}
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    for _ in range(2):  # prepared, then run again from the connection's statements
        for url in DEMO_PAGES:
            assert client.get(url).content == planned_each_run[url], url
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE generic_plans > 0")
        planned_once = {name for (name,) in cursor.fetchall()}
    read_by_the_pages = [
        front_page._teasers,
        front_page._sections,
        front_page._speaking,
        story_page._public_story,
        renditions._RENDITIONS,
        search._PEOPLE,
        search._ORGANISATIONS,
    ]
    assert {query.statement for query in read_by_the_pages} <= planned_once
