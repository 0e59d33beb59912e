"""Cache-Control and surrogate keys for the CDN, and the purge on publish."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article
from newsroom import purge
from tests.factories import ArticleFactory, QuoteFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    story = ArticleFactory()
    story.topics.add(TopicFactory(slug="diplomacy"))
    QuoteFactory(article=story, source__slug="huma-baqai", paragraph=0)
    return story


def test_public_page_may_be_cached_by_a_cdn(client, article):
    response = client.get("/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "stale-while-revalidate" in cache_control
    assert "Cookie" in response["Vary"]


def test_story_page_names_its_surrogate_keys(client, article):
    response = client.get(article.get_absolute_url())
    assert f"article-{article.pk}" in response["Surrogate-Key"].split()


def test_listing_page_names_its_subject(client, article):
    response = client.get("/topics/diplomacy/")
    assert "topic-diplomacy" in response["Surrogate-Key"].split()
    assert "home" in client.get("/")["Surrogate-Key"].split()


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
    from django.http import HttpResponse  # noqa: PLC0415

    from newsroom.middleware import PublicCacheControlMiddleware  # noqa: PLC0415

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
    assert {f"article-{article.pk}", "home", "topic-diplomacy", "person-huma-baqai"} <= set(keys)
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
