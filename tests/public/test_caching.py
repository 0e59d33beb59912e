"""Cache-Control and surrogate keys for the CDN, the page cache's answers, and the purge on
publish."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from newsroom import caching, purge
from tests.factories import ArticleFactory, QuoteFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    story = ArticleFactory()
    story.topics.add(TopicFactory(slug="diplomacy"))
    QuoteFactory(article=story, source__slug="huma-baqai", paragraph=0)
    return story


def test_public_page_is_public_and_revalidated(client, article):
    response = client.get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage" not in cache_control  # no CDN purge configured: nothing may go stale
    assert "Cookie" in response["Vary"]


def test_a_purged_cdn_may_keep_public_pages_for_a_minute(client, settings, article):
    settings.NEWSROOM_PURGE_URL = "https://cdn.example/purge"
    response = client.get(article.get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]


def test_a_cached_page_carries_the_headers_of_a_fresh_one(client, settings, article):
    """Security headers (HSTS over https, CSP, Permissions-Policy, frame options), validators,
    cache headers and surrogate keys: a hit is answered before the middleware that would not
    run for it, after those that add headers."""
    settings.NEWSROOM_PAGE_CACHE = True
    settings.SECURE_HSTS_SECONDS = 3600
    url = article.get_absolute_url()
    miss = client.get(url, secure=True)
    hit = client.get(url, secure=True)
    assert not hasattr(hit.wsgi_request, "session")  # answered from the page cache
    assert hit.content == miss.content
    assert dict(hit.headers) == dict(miss.headers)
    for header in ["Strict-Transport-Security", "Content-Security-Policy", "Permissions-Policy"]:
        assert hit.has_header(header), header


def test_a_miss_looks_the_page_up_once(client, settings, monkeypatch, article):
    settings.NEWSROOM_PAGE_CACHE = True
    looked_up = []
    get = caching.pages.get
    monkeypatch.setattr(caching.pages, "get", lambda key: looked_up.append(key) or get(key))
    client.get(article.get_absolute_url())
    assert len([key for key in looked_up if key.startswith("page:")]) == 1


@pytest.mark.parametrize("page_cache", [True, False], ids=["cache-on", "cache-off"])
def test_a_304_says_what_the_page_says(client, settings, article, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    page = client.get(article.get_absolute_url())
    not_modified = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"])
    assert not_modified.status_code == 304
    for header in ["ETag", "Last-Modified", "Cache-Control", "Surrogate-Key"]:
        assert not_modified[header] == page[header], header


def test_story_page_names_its_surrogate_keys(client, article):
    response = client.get(article.get_absolute_url())
    assert f"article-{article.slug}" in response["Surrogate-Key"].split()


@pytest.mark.parametrize("page_cache", [True, False])
def test_listing_page_names_its_subject(client, settings, article, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    for _ in range(2):  # the second answer may come from the page cache
        response = client.get("/topics/diplomacy/")
        assert "topic-diplomacy" in response["Surrogate-Key"].split()
    assert "latest" in client.get("/")["Surrogate-Key"].split()


def test_logged_in_staff_get_private_pages(client, article):
    client.force_login(get_user_model().objects.create(username="editor", is_staff=True))
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_admin_is_never_publicly_cacheable(client):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")
    assert "Surrogate-Key" not in response


def test_a_response_that_sets_a_cookie_is_never_shared(rf):
    from django.http import HttpResponse

    from newsroom.middleware import PublicCacheControlMiddleware

    def view(request):
        response = HttpResponse("form")
        response.set_cookie("csrftoken", "secret")
        return response

    request = rf.get("/")
    request.user = None
    response = PublicCacheControlMiddleware(view)(request)
    assert "private" in response["Cache-Control"]


def test_publishing_purges_every_page_that_shows_the_story(
    settings, monkeypatch, django_capture_on_commit_callbacks, article
):
    settings.NEWSROOM_PURGE_URL = "https://cdn.example/purge"
    sent = []
    monkeypatch.setattr(purge.urllib.request, "urlopen", _recorder(sent))
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    keys = sent[0].get_header("Surrogate-key").split()
    assert {f"article-{article.slug}", "latest", "topic-diplomacy", "person-huma-baqai"} <= set(
        keys
    )
    assert f"section-{article.section.slug}" in keys


def test_saving_a_draft_purges_nothing(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.NEWSROOM_PURGE_URL = "https://cdn.example/purge"
    sent = []
    monkeypatch.setattr(purge.urllib.request, "urlopen", _recorder(sent))
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert sent == []


def test_without_a_purge_url_nothing_is_queued(django_capture_on_commit_callbacks, article):
    with django_capture_on_commit_callbacks() as callbacks:
        article.save()
    assert callbacks == []


def test_a_failed_purge_does_not_fail_the_publish(settings, monkeypatch, article):
    settings.NEWSROOM_PURGE_URL = "https://cdn.example/purge"

    def unreachable(*args, **kwargs):
        raise OSError("CDN down")

    monkeypatch.setattr(purge.urllib.request, "urlopen", unreachable)
    purge.purge_keys(["home"])  # logs, does not raise


def _recorder(sent):
    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(request, timeout):
        sent.append(request)
        return Response()

    return urlopen
