"""A PreparedQuery returns what its queryset would, in one query, with each call's values."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from newsroom.prepared import CONTAINS, PreparedQuery
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


def test_a_query_whose_sql_depends_on_its_values_is_refused():
    """Not with a time worked out from "now", a text the ORM encodes otherwise than declared
    (here matched exactly, not contained), or a parameter the SQL never takes."""
    from sources.models import Source  # noqa: PLC0415

    def named(now, name, slug):
        return Source.objects.filter(
            name__icontains=name, slug__icontains=slug, created_at__lte=now
        )

    fine = PreparedQuery(named, now=datetime, name=CONTAINS, slug=CONTAINS)
    assert fine.model is Source
    fine._compile("default")  # does not raise
    refused = [
        PreparedQuery(
            lambda now, name: Source.objects.filter(
                name__icontains=name, created_at__gte=now - timedelta(days=1)
            ),
            now=datetime,
            name=CONTAINS,
        ),
        PreparedQuery(
            lambda now, name: Source.objects.filter(name=name, created_at__lte=now),
            now=datetime,
            name=CONTAINS,
        ),
        PreparedQuery(lambda now, name: Source.objects.filter(name=name), now=datetime, name=str),
    ]
    for query in refused:
        with pytest.raises(ImproperlyConfigured):
            query._compile("default")


def test_like_wildcards_in_a_contains_parameter_are_escaped_as_the_orm_does():
    from sources.models import Source  # noqa: PLC0415
    from tests.factories import SourceFactory  # noqa: PLC0415

    for name in ["Rana_Ali", "Ranaxali", "100% Khan", "Back\\slash"]:
        SourceFactory(name=name)
    query = PreparedQuery(
        lambda name: Source.objects.filter(name__icontains=name).order_by("name"), name=CONTAINS
    )
    for term in ["a_a", "100%", "\\", "khan", "nobody"]:
        expected = list(Source.objects.filter(name__icontains=term).order_by("name"))
        assert query.instances(name=term) == expected, term


def test_a_paged_query_takes_a_limit_and_an_offset():
    for n in range(5):
        ArticleFactory(slug=f"story-{n}", published_at=timezone.now() - timedelta(hours=n + 1))
    query = PreparedQuery(
        lambda now: Article.objects.published(now=now).order_by("-published_at").values("slug"),
        now=datetime,
        paged=True,
    )
    slugs = [row["slug"] for row in query.rows(now=timezone.now(), limit=2, offset=1)]
    assert slugs == ["story-1", "story-2"]
    assert len(query.rows(now=timezone.now())) == 5


@pytest.mark.django_db(transaction=True)
def test_queries_that_differ_only_in_a_constant_are_told_apart():
    """On PostgreSQL constants are written into the prepared statement: two statements."""
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    published = ArticleFactory()
    queries = {
        status: PreparedQuery(
            lambda slug, status=status: Article.objects.filter(slug=slug, status=status).values(
                "id"
            ),
            slug=str,
        )
        for status in (Article.Status.DRAFT, Article.Status.PUBLISHED)
    }
    assert queries["draft"].rows(slug=draft.slug) == [{"id": draft.pk}]
    assert queries["published"].rows(slug=draft.slug) == []
    assert queries["published"].rows(slug=published.slug) == [{"id": published.pk}]


def test_prepared_pages_slice_and_count_as_a_paginator_needs():
    from newsroom.prepared import PreparedPages  # noqa: PLC0415

    for n in range(5):
        ArticleFactory(slug=f"story-{n}", published_at=timezone.now() - timedelta(hours=n + 1))
    ArticleFactory(slug="a-draft", status=Article.Status.DRAFT, published_at=None)
    query = PreparedQuery(
        lambda now: Article.objects.published(now=now).order_by("-published_at").values("slug"),
        now=datetime,
        paged=True,
    )
    pages = PreparedPages(query, now=timezone.now())
    assert [row["slug"] for row in pages[3:10]] == ["story-3", "story-4"]
    assert pages.count() == 5
    with pytest.raises(TypeError):
        pages[2]
