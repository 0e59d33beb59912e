"""Redis down takes nothing down: with REDIS_URL pointing at nothing, readers get pages (from
each worker's own memory, or rendered afresh) and staff can log in; never a 500."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse

from newsroom import caching
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
PASSWORD = "a-long-staff-password-7"


@pytest.fixture
def redis_down(monkeypatch):
    """The cache and session settings production derives from a REDIS_URL that answers
    nothing (newsroom/settings.py, read again with it)."""
    from newsroom import settings as settings_module

    monkeypatch.setenv("REDIS_URL", CLOSED_PORT)
    try:
        production = importlib.reload(settings_module)
        derived = {
            "CACHES": production.CACHES,
            "SESSION_ENGINE": getattr(
                production, "SESSION_ENGINE", "django.contrib.sessions.backends.db"
            ),
        }
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)
    assert derived["CACHES"]["default"]["LOCATION"] == CLOSED_PORT
    # Each worker leaves a failed Redis alone for a while: start and end with it untried.
    monkeypatch.setattr(caching.pages, "shared_down_until", 0.0)
    with override_settings(**derived):
        yield


@pytest.fixture
def story():
    story = ArticleFactory(slug="outage-story")
    story.topics.add("Ports")
    return story


def test_public_pages_are_served_while_redis_is_down(client, redis_down, story):
    urls = [
        "/",
        story.get_absolute_url(),
        "/topics/ports/",
        f"/sections/{story.section.slug}/",
        "/feeds/rss/",
        "/sitemap.xml",
        "/search/?q=Story",
        "/robots.txt",
    ]
    for url in urls:
        for _ in range(2):  # rendered, then from the worker's own memory or rendered again
            assert client.get(url).status_code == 200, url


def test_pages_are_kept_in_the_workers_memory_while_redis_is_down(
    client, redis_down, story, django_assert_num_queries
):
    assert client.get("/topics/ports/").status_code == 200
    with django_assert_num_queries(1):  # the content version; the page is the worker's copy
        assert client.get("/topics/ports/").status_code == 200


def test_staff_can_log_in_and_out_while_redis_is_down(client, redis_down):
    user = UserFactory(username="editor1", is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    assert client.get(reverse("admin:login")).status_code == 200
    response = client.post(
        reverse("admin:login"),
        {"username": "editor1", "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200
    assert client.post(reverse("admin:logout")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_sessions_do_not_live_in_redis(redis_down):
    assert "cache" not in django_settings.SESSION_ENGINE
