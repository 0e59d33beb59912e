"""A person's and an institution's pages list their public quotes, newest story first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from sources.models import Quote
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_a_quote_keeps_its_storys_publish_time_through_rescheduling():
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    said = QuoteFactory(article=story)
    assert said.story_published_at is None

    story.status = Article.Status.PUBLISHED
    story.published_at = timezone.now() - timedelta(hours=2)
    story.save(update_fields=["status", "published_at"])
    said.refresh_from_db()
    assert said.story_published_at == story.published_at

    story.published_at -= timedelta(days=3)
    story.save()
    assert Quote.objects.get(pk=said.pk).story_published_at == story.published_at


def test_a_persons_page_lists_the_newest_stories_quotes_first(client):
    now = timezone.now()
    person = SourceFactory(name="Huma Baqai")
    older = ArticleFactory(published_at=now - timedelta(days=5))
    newer = ArticleFactory(published_at=now - timedelta(days=1))  # created later, but:
    backdated = ArticleFactory(published_at=now - timedelta(days=30))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    for article, text in [(older, "Older words"), (newer, "Newer words")]:
        QuoteFactory(article=article, source=person, text=text)
    QuoteFactory(article=backdated, source=person, text="Backdated words")
    QuoteFactory(article=draft, source=person, text="Draft words")

    html = client.get(f"/people/{person.slug}/").content.decode()

    assert "Draft words" not in html
    assert html.index("Newer words") < html.index("Older words") < html.index("Backdated words")


def test_an_institutions_page_merges_its_statements_people_and_anonymous_sources(client):
    """Newest first across all three kinds, page after page, as one list would be, even where
    one kind fills more than a page."""
    now = timezone.now()
    ministry = OrganisationFactory(name="Ministry of Commerce")
    spokesman = SourceFactory(organisation=ministry)
    elsewhere = SourceFactory()
    expected = []
    for n in range(45):
        story = ArticleFactory(published_at=now - timedelta(hours=n + 1))
        kind = 0 if n < 30 else n % 2 + 1  # statements fill the first pages
        if kind == 0:
            speaker = {"source": None, "organisation": ministry}
        elif kind == 1:
            speaker = {"source": spokesman}
        else:
            anonymous = AnonymousAttributionFactory(article=story, organisation=ministry)
            speaker = {"source": None, "anonymous": anonymous}
        QuoteFactory(article=story, text=f"Said number {n:02d}", **speaker)
        expected.append(f"Said number {n:02d}")
        QuoteFactory(article=story, paragraph=1, source=elsewhere, text=f"Not ours {n:02d}")

    seen = []
    for page in (1, 2, 3):
        html = client.get(f"/organisations/{ministry.slug}/", {"page": page}).content.decode()
        assert "Not ours" not in html
        seen += [text for text in expected if text in html]
    assert seen == expected
    assert client.get(f"/organisations/{ministry.slug}/", {"page": 4}).status_code == 404


@pytest.mark.parametrize("page", ["person", "organisation", "corrections"])
def test_lists_that_link_to_stories_do_not_read_their_text(client, page):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from articles.models import Correction  # noqa: PLC0415

    ministry = OrganisationFactory()
    person = SourceFactory(organisation=ministry)
    story = ArticleFactory(body="<p>" + "Long story text. " * 500 + "</p>")
    QuoteFactory(article=story, source=person, text="What was said")
    Correction.objects.create(article=story, text="A figure was wrong.")
    url = {
        "person": f"/people/{person.slug}/",
        "organisation": f"/organisations/{ministry.slug}/",
        "corrections": "/corrections/",
    }[page]
    with CaptureQueriesContext(connection) as context:
        html = client.get(url).content.decode()
    assert story.headline in html
    sql = " ".join(query["sql"] for query in context.captured_queries)
    assert '."body"' not in sql and '."search_vector"' not in sql
