"""Remembered links are Django's links, for the URL configuration and prefix in use."""

import pytest
from django.templatetags.static import static
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse

from newsroom.urlcache import cached_reverse, cached_static


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
