"""/api/v1/quotes/: who said what in public stories, anonymous sources by description only."""

from datetime import UTC, datetime

import pytest

from articles.models import Article
from sources.models import Quote
from tests.api.conftest import every_page
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
    story_in_state,
)

pytestmark = pytest.mark.django_db

ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"


def test_huma_baqai_quotes_are_listed_with_her_public_name_and_story(client, demo_newsroom):
    items = every_page(client, "/api/v1/quotes/?speaker=huma-baqai&limit=2")
    theirs = Quote.objects.filter(source__slug="huma-baqai").in_story_order()
    assert [item["text"] for item in items] == [quote.text for quote in theirs]
    islamabad = Article.objects.get(slug=ISLAMABAD_SLUG)
    for item, quote in zip(items, theirs, strict=True):
        assert item["direct"] is quote.is_direct
        assert item["speaker"] == {
            "name": "Dr Huma Baqai",
            "title": quote.speaker_title or quote.source.title,
            "organisation": quote.speaker_organisation or None,
            "url": "http://testserver/people/huma-baqai/",
        }
        assert item["story"] == {
            "id": islamabad.pk,
            "uri": f"http://testserver{islamabad.get_absolute_url()}",
            "headline": islamabad.headline,
            "published": "2016-12-26T08:30:00+05:00",
            "ninjs": f"http://testserver/api/v1/stories/{islamabad.pk}/",
        }


def test_every_public_quote_is_listed_once_and_no_other(client, demo_newsroom):
    items = every_page(client, "/api/v1/quotes/?limit=7")
    public = Quote.objects.public()
    assert sorted(item["id"] for item in items) == sorted(public.values_list("pk", flat=True))
    assert Quote.objects.exclude(pk__in=public.values("pk")).exists()  # hidden ones exist
    order = [(item["story"]["published"], item["story"]["id"]) for item in items]
    assert order == sorted(order, key=lambda key: (key[0], key[1]), reverse=True)


def test_anonymous_source_is_only_its_public_description(client, demo_newsroom):
    items = every_page(
        client, f"/api/v1/quotes/?story={Article.objects.get(slug=ISLAMABAD_SLUG).pk}"
    )
    anonymous = [item["speaker"] for item in items if item["speaker"].get("anonymous")]
    assert anonymous
    for speaker in anonymous:
        assert set(speaker) == {"anonymous", "description"}
    descriptions = set(
        Quote.objects.filter(article__slug=ISLAMABAD_SLUG, anonymous__isnull=False).values_list(
            "anonymous__description", flat=True
        )
    )
    assert {speaker["description"] for speaker in anonymous} == descriptions


def test_institution_speaks_as_itself(client):
    ministry = OrganisationFactory(name="Ministry of Ports")
    QuoteFactory(source=None, organisation=ministry, paragraph=0)
    (item,) = client.get(f"/api/v1/quotes/?speaker={ministry.slug}").json()["items"]
    assert item["speaker"] == {
        "name": "Ministry of Ports",
        "title": None,
        "organisation": None,
        "url": f"http://testserver/organisations/{ministry.slug}/",
    }


def test_filters_select_quotes(client):
    speaker = SourceFactory()
    old = ArticleFactory(published_at=datetime(2020, 1, 1, 10, tzinfo=UTC))
    new = ArticleFactory()
    new.topics.add("Ports")
    QuoteFactory(article=old, source=speaker, paragraph=0)
    QuoteFactory(article=new, source=speaker, paragraph=0)
    QuoteFactory(article=new, paragraph=1)

    def stories(query):
        items = every_page(client, f"/api/v1/quotes/?{query}")
        return [(item["story"]["id"], item["speaker"]["name"]) for item in items]

    assert stories(f"speaker={speaker.slug}") == [(new.pk, speaker.name), (old.pk, speaker.name)]
    assert len(stories(f"story={new.pk}")) == 2
    assert len(stories("topic=ports")) == 2
    assert stories(f"since=2021-01-01&speaker={speaker.slug}") == [(new.pk, speaker.name)]


def test_quotes_of_hidden_stories_never_appear(client):
    speaker = SourceFactory()
    for state in ("draft", "approved", "scheduled", "embargoed", "unpublished"):
        QuoteFactory(article=story_in_state(state), source=speaker, paragraph=0)
    retracted = story_in_state("unpublished", retraction="Withdrawn.")
    QuoteFactory(article=retracted, source=speaker, paragraph=0)
    anonymous = AnonymousAttributionFactory()
    QuoteFactory(article=anonymous.article, source=None, anonymous=anonymous, paragraph=0)
    assert client.get(f"/api/v1/quotes/?speaker={speaker.slug}").json()["items"] == []
    assert len(client.get("/api/v1/quotes/").json()["items"]) == 1


@pytest.mark.parametrize(
    "query", ["story=twelve", "speaker=two words", "since=soon", "cursor=e30", "limit=100", "q=x"]
)
def test_bad_quote_query_is_a_400(client, query):
    response = client.get(f"/api/v1/quotes/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]
