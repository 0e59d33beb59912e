"""Remembered links are Django's links, for the URL configuration and prefix in use."""

import pytest
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse

from newsroom.urlcache import ScriptPrefixMiddleware, cached_reverse, cached_static
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    ("viewname", "kwargs"),
    [
        ("articles:home", {}),
        ("articles:topic", {"slug": "pakistan-russia-relations"}),
        ("articles:archive_year", {"year": 2016}),
        ("sources:person", {"slug": "huma-baqai"}),
        ("articles:detail", {"year": 2016, "month": "12", "day": "26", "slug": "a-story"}),
    ],
)
def test_a_remembered_link_is_the_link_django_reverses(viewname, kwargs):
    for _ in range(2):
        assert cached_reverse(viewname, **kwargs) == django_reverse(viewname, kwargs=kwargs or None)


def test_links_follow_the_script_prefix():
    assert cached_reverse("articles:topic", slug="ports") == "/topics/ports/"
    set_script_prefix("/news/")
    try:
        assert cached_reverse("articles:topic", slug="ports") == "/news/topics/ports/"
    finally:
        set_script_prefix("/")
    assert cached_reverse("articles:topic", slug="ports") == "/topics/ports/"


def test_a_request_links_under_its_prefix_and_no_later_one_does():
    seen = []

    def view(request):
        seen.append(cached_reverse("articles:topic", slug="ports"))
        return HttpResponse()

    set_script_prefix("/news/")
    try:
        ScriptPrefixMiddleware(view)(RequestFactory().get("/topics/"))
    finally:
        set_script_prefix("/")
    ScriptPrefixMiddleware(view)(RequestFactory().get("/topics/"))
    assert seen == ["/news/topics/ports/", "/topics/ports/"]
    assert cached_reverse("articles:topic", slug="ports") == "/topics/ports/"


@pytest.mark.django_db
def test_a_site_served_under_a_prefix_links_under_it(client, settings):
    """What Django's handler does for a site mounted at /news (``SCRIPT_NAME``). Django's
    static files storage keeps ``STATIC_URL`` with the prefix of its first use: overriding the
    setting makes it start afresh, and again after the test."""
    settings.NEWSROOM_PAGE_CACHE = False
    settings.STATIC_URL = "static/"
    story = ArticleFactory()
    set_script_prefix("/news/")
    try:
        html = client.get(story.get_absolute_url(), SCRIPT_NAME="/news").content.decode()
    finally:
        set_script_prefix("/")
    assert 'href="/news/static/css/' in html
    assert f'href="/news{story.section.get_absolute_url()}"' in html


def test_links_follow_the_url_configuration(settings):
    settings.ROOT_URLCONF = "bench.urls"
    assert cached_reverse("bench-bare") == "/bench/bare/"
    settings.ROOT_URLCONF = "newsroom.urls"
    with pytest.raises(NoReverseMatch):
        cached_reverse("bench-bare")


def test_a_remembered_static_url_is_the_url_django_builds():
    for _ in range(2):
        assert cached_static("css/site.css") == static("css/site.css")


def test_static_urls_follow_the_static_files_settings(settings):
    assert cached_static("css/site.css") == "/static/css/site.css"
    settings.STATIC_URL = "https://static.example.net/assets/"
    assert cached_static("css/site.css") == "https://static.example.net/assets/css/site.css"
