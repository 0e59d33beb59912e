"""A PreparedQuery returns what its queryset would, in one query, with each call's values."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from newsroom.prepared import PreparedQuery
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def public_story(now, slug):
    return (
        Article.objects.published(now=now)
        .filter(slug=slug)
        .values("id", "headline", "published_at")
    )


def test_rows_are_the_querysets_rows_for_every_call():
    now = timezone.now()
    ArticleFactory(slug="out-now", published_at=now - timedelta(hours=1))
    ArticleFactory(slug="tomorrow", published_at=now + timedelta(days=1))
    query = PreparedQuery(public_story, now=datetime, slug=str)

    for moment in (now, now + timedelta(days=2)):
        for slug in ("out-now", "tomorrow", "no-such-story"):
            assert query.rows(now=moment, slug=slug) == list(public_story(moment, slug))
    assert query.rows(now=now, slug="tomorrow") == []
    assert isinstance(query.rows(now=now, slug="out-now")[0]["published_at"], datetime)


def test_each_call_is_one_query(django_assert_num_queries):
    story = ArticleFactory()
    query = PreparedQuery(public_story, now=datetime, slug=str)
    query.rows(now=timezone.now(), slug=story.slug)
    with django_assert_num_queries(1):
        assert query.rows(now=timezone.now(), slug=story.slug)[0]["id"] == story.pk


def test_a_parameter_the_sql_does_not_bind_is_refused():
    query = PreparedQuery(
        lambda now, slug: Article.objects.published(now=now).values("id"), now=datetime, slug=str
    )
    with pytest.raises(ImproperlyConfigured, match="'slug' is not a bound parameter"):
        query.rows(now=timezone.now(), slug="anything")


def test_a_call_must_give_exactly_the_declared_parameters():
    query = PreparedQuery(public_story, now=datetime, slug=str)
    with pytest.raises(TypeError):
        query.rows(now=timezone.now())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
@pytest.mark.django_db(transaction=True)
def test_postgresql_prepares_the_statement_once_per_connection():
    story = ArticleFactory()
    query = PreparedQuery(public_story, now=datetime, slug=str)
    for _ in range(2):
        with CaptureQueriesContext(connection) as context:
            assert query.rows(now=timezone.now(), slug=story.slug)[0]["id"] == story.pk
        [logged] = context.captured_queries
        assert logged["sql"].startswith("EXECUTE newsroom_")

    connection.close()  # a new connection has never seen the PREPARE
    assert query.rows(now=timezone.now(), slug=story.slug)[0]["id"] == story.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler(settings):
    settings.NEWSROOM_PREPARED_STATEMENTS = False
    story = ArticleFactory()
    query = PreparedQuery(public_story, now=datetime, slug=str)
    with CaptureQueriesContext(connection) as context:
        assert query.rows(now=timezone.now(), slug=story.slug)[0]["id"] == story.pk
    assert context.captured_queries[0]["sql"].startswith("SELECT")
