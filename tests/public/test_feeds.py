"""RSS 2.0 and Atom feeds parse, carry only public stories and answer conditional GET."""

import xml.etree.ElementTree as ET

import pytest
from django.utils.http import http_date

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def stories(db):
    story = ArticleFactory(headline="Port reopens", slug="port-reopens")
    story.topics.add("Ports")
    ArticleFactory(headline="Draft port story", status=Article.Status.DRAFT, section=story.section)
    return story


@pytest.mark.parametrize(
    "url",
    ["/feeds/rss/", "/sections/{section}/feed/", "/topics/ports/feed/"],
)
def test_rss_feeds_parse_as_rss_2(client, stories, url):
    response = client.get(url.format(section=stories.section.slug))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Port reopens"]
    assert items[0].findtext("link") == "http://testserver" + stories.get_absolute_url()
    assert items[0].findtext("pubDate")


@pytest.mark.parametrize(
    "url",
    ["/feeds/atom/", "/sections/{section}/feed/atom/", "/topics/ports/feed/atom/"],
)
def test_atom_feeds_parse_as_atom(client, stories, url):
    response = client.get(url.format(section=stories.section.slug))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Port reopens"]
    assert entries[0].findtext(f"{ATOM}updated")


def test_feed_for_an_unknown_section_or_hidden_topic_is_404(client, stories):
    hidden = ArticleFactory(status=Article.Status.DRAFT)
    hidden.topics.add("Draft only")
    assert client.get("/sections/nope/feed/").status_code == 404
    assert client.get("/topics/draft-only/feed/").status_code == 404


def test_feeds_answer_conditional_get(client, stories):
    first = client.get("/feeds/rss/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    )

    stories.status = Article.Status.UNPUBLISHED
    stories.save()
    again = client.get("/feeds/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"Port reopens" not in again.content
    assert http_date(0)  # http_date is the format Last-Modified uses


def test_feed_entries_carry_bylines_topics_and_update_times(client, stories):
    from datetime import timedelta

    from tests.factories import AuthorFactory

    stories.authors.add(AuthorFactory(name="Zara Qureshi"), AuthorFactory(name="Ali Khan"))
    stories.byline_text = "Agencies"
    stories.public_updated_at = stories.published_at + timedelta(hours=3)
    stories.save()
    stories.topics.add("Shipping")

    root = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314
    [entry] = root.findall(f"{ATOM}entry")

    names = [author.findtext(f"{ATOM}name") for author in entry.findall(f"{ATOM}author")]
    assert names == ["Ali Khan and Zara Qureshi and Agencies"]
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"Ports", "Shipping"}
    updated = entry.findtext(f"{ATOM}updated")
    assert updated != entry.findtext(f"{ATOM}published")


def test_rss_guids_and_atom_ids_are_absolute_permalinks(client, stories):
    """Feed readers key entries on them: a relative path is not a valid RSS permalink guid nor
    an Atom IRI."""
    url = "http://testserver" + stories.get_absolute_url()
    rss = ET.fromstring(client.get("/feeds/rss/").content)  # noqa: S314
    guid = rss.find("./channel/item/guid")
    assert guid.text == url
    assert guid.get("isPermaLink") == "true"
    atom = ET.fromstring(client.get("/feeds/atom/").content)  # noqa: S314
    assert atom.find(f"{ATOM}entry").findtext(f"{ATOM}id") == url
    assert atom.findtext(f"{ATOM}id").startswith("http://testserver/")
