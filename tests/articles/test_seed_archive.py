from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, TaggedArticle
from articles.text import body_paragraphs
from sources.models import Quote, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    call_command("seed_archive", articles=30, seed=7, batch=8, stdout=StringIO(), stderr=StringIO())
    return list(Article.objects.prefetch_related("quotes"))


def test_seed_archive_adds_stories_people_and_topics(archive):
    assert len(archive) == 30
    assert Source.objects.count() >= 50
    assert TaggedArticle.objects.count() >= 30
    assert all(article.authors.exists() for article in archive)


def test_every_story_has_five_to_fifteen_quotes(archive):
    assert all(5 <= len(article.quotes.all()) <= 15 for article in archive)


def test_every_quote_is_verbatim_in_its_paragraph(archive):
    for article in archive:
        paragraphs = body_paragraphs(article.body)
        assert 8 <= len(paragraphs) <= 25
        for quote in article.quotes.all():
            assert quote.text in paragraphs[quote.paragraph]


def test_quotes_are_direct_and_reported_from_named_and_anonymous_speakers(archive):
    quotes = Quote.objects.all()
    assert quotes.filter(is_direct=True).exists()
    assert quotes.filter(is_direct=False).exists()
    assert quotes.filter(source__isnull=False).exists()
    assert quotes.filter(organisation__isnull=False).exists()


def test_publish_dates_span_the_last_ten_years(archive):
    now = timezone.now()
    dates = [article.published_at for article in archive if article.published_at]
    assert all(now - timedelta(days=3660) <= date <= now for date in dates)


def test_published_stories_are_public(archive):
    published = [a for a in archive if a.status == Article.Status.PUBLISHED]
    assert len(published) >= 25
    assert set(Article.objects.published()) == set(published)


def test_a_second_run_adds_to_the_archive(archive):
    call_command("seed_archive", articles=5, seed=7, stdout=StringIO(), stderr=StringIO())
    assert Article.objects.count() == 35


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seeding_outside_a_transaction_vacuums_on_postgresql():
    """Index-only scans and the search index's plan need what VACUUM leaves; autovacuum may
    be off or late after a bulk load."""
    call_command("seed_archive", articles=12, seed=3, batch=6, stdout=StringIO(), stderr=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'articles_article'"
        )
        pages, all_visible = cursor.fetchone()
    assert pages > 0
    assert all_visible == pages
