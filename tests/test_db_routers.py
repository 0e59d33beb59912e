"""Public reads go to the replica; writes, the admin and staff stay on the primary."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from articles.models import Article
from newsroom.db_routers import PrimaryReplicaRouter, reading_from_primary, reading_from_replica
from newsroom.middleware import ReplicaForPublicReadsMiddleware
from tests.factories import ArticleFactory

ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]


@pytest.fixture
def replica_router(settings):
    settings.DATABASE_ROUTERS = ROUTERS


def read_alias_during(request) -> str:
    """The alias an Article read would use while the middleware handles ``request``."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(Article)
        return HttpResponse()

    ReplicaForPublicReadsMiddleware(view)(request)
    return seen["alias"]


def anonymous(request):
    request.user = AnonymousUser()
    return request


def test_reads_go_to_the_primary_outside_a_public_request():
    assert PrimaryReplicaRouter().db_for_read(Article) == "default"


def test_public_reads_go_to_the_replica():
    with reading_from_replica():
        assert PrimaryReplicaRouter().db_for_read(Article) == "replica"
        with reading_from_primary():
            assert PrimaryReplicaRouter().db_for_read(Article) == "default"


def test_accounts_and_sessions_are_always_read_from_the_primary():
    from django.contrib.sessions.models import Session

    with reading_from_replica():
        assert PrimaryReplicaRouter().db_for_read(get_user_model()) == "default"
        assert PrimaryReplicaRouter().db_for_read(Session) == "default"


@pytest.mark.parametrize("public", [False, True])
def test_writes_always_go_to_the_primary(public):
    if public:
        with reading_from_replica():
            assert PrimaryReplicaRouter().db_for_write(Article) == "default"
    else:
        assert PrimaryReplicaRouter().db_for_write(Article) == "default"


def test_migrations_run_only_on_the_primary():
    assert PrimaryReplicaRouter().allow_migrate("default", "articles")
    assert not PrimaryReplicaRouter().allow_migrate("replica", "articles")


@pytest.mark.parametrize(
    ("method", "path", "staff", "expected"),
    [
        ("get", "/", False, "replica"),
        ("head", "/topics/diplomacy/", False, "replica"),
        ("post", "/", False, "default"),
        ("get", "/admin/articles/article/", False, "default"),
        ("get", "/admin/articles/article/", True, "default"),
        ("get", "/", True, "default"),
    ],
)
def test_middleware_picks_the_database_for_the_request(
    replica_router, method, path, staff, expected
):
    request = getattr(RequestFactory(), method)(path)
    if staff:
        request.COOKIES[settings.SESSION_COOKIE_NAME] = "a signed-in session"
        request.user = get_user_model()(username="editor", is_staff=True)
    else:
        anonymous(request)
    assert read_alias_during(request) == expected


def test_a_reader_without_a_session_cookie_is_never_looked_up(replica_router):
    """No session cookie, no signed-in user: the session and the user are not loaded."""

    def looked_up():
        raise AssertionError("the user was loaded")

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(looked_up)
    assert read_alias_during(request) == "replica"


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_anonymous_story_page_is_read_from_the_replica(replica_router, client):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline in response.content.decode()
    assert len(replica.captured_queries) >= 2  # the content version and the story
    assert not primary.captured_queries


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_a_page_cache_hit_reads_the_content_version_where_the_page_was_read(replica_router, client):
    """The version and the page's content come from the same database: a version read on the
    primary while a lagging replica rendered the page could store old content under a new key."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    client.get(article.get_absolute_url())  # rendered and cached
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert [query["sql"] for query in replica.captured_queries if "publicstate" in query["sql"]]
    assert not primary.captured_queries


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_an_anonymous_search_is_read_from_the_replica(replica_router, client):
    """Stories, people and organisations alike (on PostgreSQL the people's queries are compiled
    once and run on whichever database the router names)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from tests.factories import QuoteFactory, SourceFactory

    QuoteFactory(article=ArticleFactory(), source=SourceFactory(name="Rana Ali"))
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/search/", {"q": "rana ali"})
    assert response.status_code == 200
    assert "Rana Ali" in response.content.decode()
    assert any("sources_source" in query["sql"] for query in replica.captured_queries)
    assert not primary.captured_queries
