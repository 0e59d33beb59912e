"""A person's and an institution's pages list their public quotes, newest story first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from sources.models import Mention, Quote
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
    story_in_state,
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
    from articles.models import Correction

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


def test_a_person_only_named_lists_the_public_stories_that_name_them(client):
    person = SourceFactory(name="Named Only")
    named_in = ArticleFactory(headline="Story naming them")
    Mention.objects.create(article=named_in, source=person)
    draft = story_in_state("draft", headline="Draft naming them")
    Mention.objects.create(article=draft, source=person)

    html = client.get(f"/people/{person.slug}/").content.decode()

    assert "Named in our stories, not quoted." in html
    assert "Stories naming Named Only" in html
    assert f'href="{named_in.get_absolute_url()}">Story naming them</a>' in html
    assert "Draft naming them" not in html


def test_an_organisation_lists_the_stories_that_name_it(client):
    ministry = OrganisationFactory(name="Ministry of Ports")
    QuoteFactory(source=None, organisation=ministry, text="A statement")
    named_in = ArticleFactory(headline="Story naming the ministry")
    Mention.objects.create(article=named_in, organisation=ministry)

    html = client.get(f"/organisations/{ministry.slug}/").content.decode()

    assert "A statement" in html
    assert "Stories naming Ministry of Ports" in html
    assert "Story naming the ministry" in html


def test_quote_lists_never_load_an_anonymous_sources_identity_or_reason(client):
    ministry = OrganisationFactory()
    identity = SourceFactory(name="Real Name Hidden")
    story = ArticleFactory()
    anonymous = AnonymousAttributionFactory(
        article=story, organisation=ministry, identity=identity, reason="Fears for their job"
    )
    QuoteFactory(article=story, source=None, anonymous=anonymous, text="Off the record")

    with CaptureQueriesContext(connection) as context:
        html = client.get(f"/organisations/{ministry.slug}/").content.decode()

    assert "Off the record" in html and "A senior official" in html
    assert "Real Name Hidden" not in html and "Fears for their job" not in html
    sql = " ".join(query["sql"] for query in context.captured_queries)
    assert "sources_anonymousattribution" in sql
    assert '."identity_id"' not in sql and '."reason"' not in sql
