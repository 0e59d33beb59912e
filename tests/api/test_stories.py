"""/api/v1/stories/: public stories as valid ninjs 2.2, retractions as canceled, filters,
cursor pagination, clear errors, conditional GET and a fixed query budget."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from sources.models import Mention, Quote
from tests.api.conftest import assert_valid_ninjs, every_page
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    OrganisationFactory,
    QuoteFactory,
    SectionFactory,
    SourceFactory,
    make_image,
    story_in_state,
)

pytestmark = pytest.mark.django_db

ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"


def by_uri(items, slug):
    return next(item for item in items if item["uri"].rstrip("/").endswith(slug))


def test_demo_stories_are_valid_ninjs_and_only_public_or_canceled(
    client, demo_newsroom, ninjs_validator
):
    items = every_page(client, "/api/v1/stories/?limit=2")
    for item in items:
        assert_valid_ninjs(ninjs_validator, item)
    public = Article.objects.published()
    retracted = Article.objects.retracted()
    assert retracted.exists()
    expected = {f"http://testserver{a.get_absolute_url()}" for a in public | retracted}
    assert {item["uri"] for item in items} == expected
    assert len(items) == len(expected)
    times = [item["firstcreated"] for item in items]
    assert times == sorted(times, reverse=True)  # newest first (all in one offset)
    for article in retracted:
        item = by_uri(items, article.slug)
        assert item["pubstatus"] == "canceled"
        assert not {"bodies", "headlines", "descriptions", "people"} & set(item)
        assert article.retraction_note in item["ednote"]
    assert {item["pubstatus"] for item in items if "bodies" in item} == {"usable"}


def test_islamabad_story_carries_its_quoted_people_and_organisations(client, demo_newsroom):
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    item = by_uri(every_page(client, "/api/v1/stories/"), ISLAMABAD_SLUG)

    assert item["uri"] == f"http://testserver/2016/12/26/{ISLAMABAD_SLUG}/"
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert item["headlines"] == [{"role": "main", "value": article.headline}]
    assert item["bodies"][0]["value"] == article.body
    assert item["located"] == article.dateline
    assert item["firstcreated"] == "2016-12-26T08:30:00+05:00"
    assert {
        "name": "ninjs",
        "href": f"http://testserver/api/v1/stories/{article.pk}/",
        "contenttype": "application/json",
    } in item["renditions"]
    people = {person["uri"]: person for person in item["people"]}
    quoted = Quote.objects.filter(article=article, source__isnull=False).select_related("source")
    assert len({quote.source_id for quote in quoted}) == len(
        [p for p in item["people"] if p["rel"] == "quoted"]
    )
    for quote in quoted:
        person = people[f"http://testserver/people/{quote.source.slug}/"]
        assert person == {
            "name": quote.source.public_name,
            "rel": "quoted",
            "uri": f"http://testserver/people/{quote.source.slug}/",
        }
    assert people["http://testserver/people/huma-baqai/"]["name"] == "Dr Huma Baqai"
    organisations = {org["uri"]: org["rel"] for org in item["organisations"]}
    for quote in Quote.objects.filter(article=article, organisation__isnull=False):
        assert (
            organisations[f"http://testserver{quote.organisation.get_absolute_url()}"] == "quoted"
        )
    for mention in Mention.objects.filter(article=article):
        named = mention.source or mention.organisation
        listed = people if mention.source else {o: o for o in organisations}
        assert f"http://testserver{named.get_absolute_url()}" in listed
    topics = {s["name"] for s in item["subjects"] if s["rel"] == "topic"}
    assert topics == set(article.topics.values_list("name", flat=True))
    assert [s["name"] for s in item["subjects"] if s["rel"] == "section"] == [article.section.name]


def test_item_address_serves_the_same_item_with_conditional_get(client, demo_newsroom):
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    listed = by_uri(every_page(client, "/api/v1/stories/"), ISLAMABAD_SLUG)
    response = client.get(f"/api/v1/stories/{article.pk}/")

    assert response.status_code == 200
    assert response.json() == listed
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(f"/api/v1/stories/{article.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(
        f"/api/v1/stories/{article.pk}/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert since.status_code == 304


def test_a_correction_changes_the_version_and_the_etag(client):
    story = story_in_state("published")
    first = client.get(f"/api/v1/stories/{story.pk}/")
    assert first.json()["version"] == "1"
    from articles import workflow

    editor = story.events.first().actor
    workflow.correct(story, by=editor, text="An earlier version misspelt a name.")
    second = client.get(f"/api/v1/stories/{story.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["version"] == "2"
    assert second.json()["versioncreated"] > first.json()["versioncreated"]


@pytest.mark.parametrize(
    "state",
    ["draft", "in_review", "sent_back", "approved", "scheduled", "embargoed", "unpublished"],
)
def test_a_story_readers_cannot_see_is_not_served(client, state):
    story = story_in_state(state)
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404
    assert client.get(f"/api/v1/stories/{story.pk}/").json()["status"] == 404
    assert client.get("/api/v1/stories/").json()["items"] == []


def test_a_retracted_story_is_served_as_canceled_with_no_body(client, ninjs_validator):
    story = story_in_state("unpublished", retraction="The story misidentified the speaker.")
    assert client.get(story.get_absolute_url()).status_code == 410
    item = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert_valid_ninjs(ninjs_validator, item)
    assert item["pubstatus"] == "canceled"
    assert "bodies" not in item and "headlines" not in item
    assert story.headline not in str(item)
    assert client.get("/api/v1/stories/").json()["items"] == [item]


def test_lead_image_is_an_association_with_absolute_renditions(client, ninjs_validator):
    image = make_image(alt_text="Delegates at the table", credit="Photo: Staff", caption="Talks.")
    story = ArticleFactory(lead_image=image)
    client.get(story.get_absolute_url())  # the page makes the renditions it shows
    item = client.get(f"/api/v1/stories/{story.pk}/").json()

    assert_valid_ninjs(ninjs_validator, item)
    (association,) = item["associations"]
    assert association["name"] == "featuremedia"
    assert association["type"] == "picture"
    assert association["by"] == "Photo: Staff"
    assert {"role": "alternative", "value": "Delegates at the table"} in association["descriptions"]
    names = {rendition["name"]: rendition for rendition in association["renditions"]}
    assert names["original"]["width"] == 1600 and names["original"]["height"] == 900
    assert names["fill-1200x630-jpeg"]["contenttype"] == "image/jpeg"
    for rendition in association["renditions"]:
        assert rendition["href"].startswith("http://testserver/media/")
        assert rendition["width"] and rendition["height"]


def test_site_url_setting_makes_every_address(client, settings, ninjs_validator):
    settings.NEWSROOM_SITE_URL = "https://news.example.com"
    story = ArticleFactory(body='<p>See <a href="/topics/ports/">ports</a>.</p>')
    QuoteFactory(article=story, paragraph=0)
    data = client.get("/api/v1/stories/?limit=1").json()
    (item,) = data["items"]
    assert_valid_ninjs(ninjs_validator, item)
    assert item["uri"].startswith("https://news.example.com/")
    assert item["renditions"][0]["href"] == f"https://news.example.com/api/v1/stories/{story.pk}/"
    assert item["people"][0]["uri"].startswith("https://news.example.com/people/")
    assert 'href="https://news.example.com/topics/ports/"' in item["bodies"][0]["value"]


def test_filters_select_stories(client, demo_newsroom):
    islamabad = Article.objects.get(slug=ISLAMABAD_SLUG)
    uri = f"http://testserver{islamabad.get_absolute_url()}"
    topic = islamabad.topics.first().slug
    organisation = Quote.objects.filter(article=islamabad, organisation__isnull=False).first()

    def uris(query):
        return {item["uri"] for item in every_page(client, f"/api/v1/stories/?{query}")}

    everything = uris("")
    for query in [
        f"topic={topic}",
        f"section={islamabad.section.slug}",
        "person=huma-baqai",
        f"organisation={organisation.organisation.slug}",
        "since=2016-12-26&until=2016-12-27",
        "since=2016-12-26T08:30:00%2B05:00&until=2016-12-26T08:30:01%2B05:00",
    ]:
        found = uris(query)
        assert uri in found, query
        assert found < everything, query
    assert uri not in uris("since=2016-12-27")
    assert uris("person=no-such-person") == set()
    assert uris("person=demo-confidential-person") == set()


def test_person_filter_never_selects_a_retracted_story(client):
    speaker = SourceFactory()
    retracted = story_in_state("unpublished", retraction="Withdrawn.")
    QuoteFactory(article=retracted, source=speaker, paragraph=0)
    assert client.get("/api/v1/stories/").json()["items"]  # listed as canceled…
    assert client.get(f"/api/v1/stories/?person={speaker.slug}").json()["items"] == []


def test_cursor_pages_cover_every_story_once_newest_first(client):
    now = timezone.now()
    section = SectionFactory()
    same_time = now - timedelta(hours=3)
    stories = [ArticleFactory(published_at=same_time, section=section) for _ in range(4)]
    stories += [
        ArticleFactory(published_at=now - timedelta(hours=n + 4), section=section) for n in range(3)
    ]
    ArticleFactory()  # in another section
    expected = [
        f"http://testserver{a.get_absolute_url()}"
        for a in sorted(stories, key=lambda a: (a.published_at, a.pk), reverse=True)
    ]
    first = client.get(f"/api/v1/stories/?limit=2&section={section.slug}").json()
    assert f"section={section.slug}" in first["next"]  # the next page keeps the filters
    items = every_page(client, f"/api/v1/stories/?limit=2&section={section.slug}")
    assert [item["uri"] for item in items] == expected


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=51",
        "limit=ten",
        "cursor=not-a-cursor",
        "cursor=WyJ4Il0",
        "since=yesterday",
        "until=2016-02-30",
        "topic=not%20a%20slug",
        "tag=ports",
    ],
)
def test_bad_query_is_a_400_saying_why(client, query):
    response = client.get(f"/api/v1/stories/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 400 and response.json()["error"]


def test_unknown_api_address_is_a_json_404(client):
    for url in ["/api/", "/api/v1/", "/api/v1/stories/abc/", "/api/v2/stories/", "/api/x/y/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404
    response = client.get("/api/v1/stories")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/stories/"


def test_api_is_read_only(client):
    response = client.post("/api/v1/stories/")
    assert response.status_code in (403, 405)  # CSRF may refuse it first
    preflight = client.options("/api/v1/stories/")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "no-cache" in preflight["Cache-Control"]


def newsroom_of(size: int):
    """``size`` public stories, each with bylines, topics, quotes, a mention and corrections."""
    author = AuthorFactory()
    organisation = OrganisationFactory()
    image = make_image(alt_text="A photo", credit="Staff")
    for n in range(size):
        story = ArticleFactory(lead_image=image if n % 2 else None)
        story.authors.add(author)
        story.topics.add(f"Topic {n % 3}", "Common topic")
        QuoteFactory(article=story, paragraph=0)
        QuoteFactory(article=story, paragraph=1, source=None, organisation=organisation)
        Mention.objects.create(article=story, source=SourceFactory())
        Correction.objects.create(article=story, text="A correction.")


def test_listing_50_stories_costs_as_many_queries_as_listing_5(client):
    queries = []
    for added in (5, 45):
        newsroom_of(added)
        client.get("/api/v1/stories/")  # a new content version is read (and cached) first
        with CaptureQueriesContext(connection) as context:
            response = client.get("/api/v1/stories/?limit=50")
        assert len(response.json()["items"]) == len(queries) * 45 + 5
        queries.append(len(context.captured_queries))
    # The content version, the stories, then bylines, topics, renditions, speakers, mentions.
    assert queries[0] == queries[1] <= 7, [q["sql"] for q in context.captured_queries]
