"""Entering quotes in the story form: the paragraph chosen from the body's paragraphs (numbered
from 1, stored from 0), and an anonymous source added and quoted in one save."""

from __future__ import annotations

import re

import pytest

from articles.models import Article
from sources.models import AnonymousAttribution, Quote
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    QuoteFactory,
    SourceFactory,
    change_form_data,
    user_in,
)

pytestmark = pytest.mark.django_db
ADMIN = "/admin/articles/article/"
BODY = (
    "<p>Growers in Thatta began counting the mango trees lost to the advancing sea.</p>"
    "<figure><figcaption>A picture never counts</figcaption></figure>"
    "<p>An official said the survey would take three months.</p>"
    "<p>“We lost the orchard row by row,” one grower said.</p>"
)
EMPTY_INLINES = {
    f"{prefix}-{key}": 0
    for prefix in ["anonymous_attributions", "quotes", "mentions", "corrections"]
    for key in ["TOTAL_FORMS", "INITIAL_FORMS"]
}


@pytest.fixture
def journalist(client):
    user = user_in("Journalist", "writer")
    client.force_login(user)
    return user


def draft_by(user) -> Article:
    return ArticleFactory(
        body=BODY, owner=user, status=Article.Status.DRAFT, published_at=None, version=1
    )


def select(page: str, name: str) -> str:
    match = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert match, f"no <select> named {name}"
    return match.group(0)


def options(html: str) -> list[tuple[str, str, bool]]:
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def new_story_with_anonymous_quote(**changes) -> dict:
    """What the add form posts for a story, one new anonymous source and a quote naming it."""
    return {
        **EMPTY_INLINES,
        "headline": "Orchard survey begins",
        "slug": "orchard-survey-begins",
        "body": BODY,
        "anonymous_attributions-TOTAL_FORMS": 1,
        "anonymous_attributions-0-description": "An official at the agriculture department",
        "anonymous_attributions-0-public_reason": "was not authorised to speak to the press",
        "anonymous_attributions-0-reason": "Not authorised to speak before the survey ends.",
        "quotes-TOTAL_FORMS": 1,
        "quotes-0-paragraph": "2",
        "quotes-0-position": "0",
        "quotes-0-text": "the survey would take three months",
        "quotes-0-anonymous": "new-0",
        **changes,
    }


def test_the_paragraph_is_chosen_from_the_body_numbered_from_one(client, journalist):
    story = draft_by(journalist)
    QuoteFactory(article=story, paragraph=1, text="the survey would take three months")
    page = client.get(f"{ADMIN}{story.pk}/change/").content.decode()

    assert options(select(page, "quotes-0-paragraph")) == [
        ("", "Choose the paragraph…", False),
        ("1", "1 — Growers in Thatta began counting the mango trees lost…", False),
        ("2", "2 — An official said the survey would take three months.", True),
        ("3", "3 — “We lost the orchard row by row,” one grower…", False),
    ]
    assert client.post(f"{ADMIN}{story.pk}/change/", change_form_data(story)).status_code == 302
    assert story.quotes.get().paragraph == 1  # posted back as shown, stored from 0

    story.refresh_from_db()
    data = change_form_data(story, **{"quotes-0-paragraph": "3"})
    assert client.post(f"{ADMIN}{story.pk}/change/", data).status_code == 302
    assert story.quotes.get().paragraph == 2


def test_a_paragraph_the_body_lacks_is_kept_and_marked_not_dropped(client, journalist):
    story = draft_by(journalist)
    QuoteFactory(article=story, paragraph=6, text="words from a cut paragraph")
    page = client.get(f"{ADMIN}{story.pk}/change/").content.decode()
    assert ("7", "7 — not in the body", True) in options(select(page, "quotes-0-paragraph"))


def test_the_list_follows_the_body_as_posted_when_a_save_is_refused(client, journalist):
    story = draft_by(journalist)
    QuoteFactory(article=story, paragraph=0)
    data = change_form_data(story, headline="", body="<p>A new first paragraph.</p>" + BODY)
    page = client.post(f"{ADMIN}{story.pk}/change/", data).content.decode()
    shown = options(select(page, "quotes-0-paragraph"))
    assert shown[1] == ("1", "1 — A new first paragraph.", True)
    assert len(shown) == 5


def test_a_new_anonymous_source_is_quoted_in_the_same_save(client, journalist):
    response = client.post(f"{ADMIN}add/", new_story_with_anonymous_quote())

    assert response.status_code == 302
    story = Article.objects.get(slug="orchard-survey-begins")
    attribution = story.anonymous_attributions.get()
    quote = story.quotes.get()
    assert quote.anonymous == attribution
    assert quote.paragraph == 1
    assert attribution.reason == "Not authorised to speak before the survey ends."
    assert story.revisions.get().content["quotes"][0]["anonymous_id"] == attribution.pk


def test_existing_and_new_anonymous_sources_are_offered_together(client, journalist):
    story = draft_by(journalist)
    saved = AnonymousAttributionFactory(article=story, description="A grower")
    QuoteFactory(article=story, paragraph=2, anonymous=saved, source=None)
    data = change_form_data(
        story,
        **{
            "anonymous_attributions-TOTAL_FORMS": 2,
            "anonymous_attributions-1-description": "A second official",
            "anonymous_attributions-1-public_reason": "feared for his job",
            "anonymous_attributions-1-reason": "",  # refused: a reason is required
            "quotes-0-anonymous": "new-1",
        },
    )
    page = client.post(f"{ADMIN}{story.pk}/change/", data).content.decode()

    assert "Say why this source was granted anonymity." in page or "required" in page
    assert options(select(page, "quotes-0-anonymous")) == [
        ("", "---------", False),
        (str(saved.pk), "A grower", False),
        ("new-1", "New: A second official", True),
    ]
    assert story.quotes.get().anonymous == saved  # nothing saved
    assert story.anonymous_attributions.count() == 1

    data["anonymous_attributions-1-reason"] = "Fears for his job."
    assert client.post(f"{ADMIN}{story.pk}/change/", data).status_code == 302
    added = story.anonymous_attributions.get(description="A second official")
    assert story.quotes.get().anonymous == added


def test_a_quote_naming_a_removed_new_source_is_refused_clearly(client, journalist):
    data = new_story_with_anonymous_quote(**{"anonymous_attributions-0-description": ""})
    response = client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    assert "no longer in the form" in response.content.decode()
    assert not Article.objects.filter(slug="orchard-survey-begins").exists()
    assert not AnonymousAttribution.objects.exists() and not Quote.objects.exists()


def test_a_quote_with_a_new_source_and_a_person_is_refused(client, journalist):
    person = SourceFactory(created_by=journalist)
    data = new_story_with_anonymous_quote(**{"quotes-0-source": person.pk})
    response = client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    assert "Choose exactly one speaker" in response.content.decode()
    assert not AnonymousAttribution.objects.exists()


def test_another_storys_anonymous_source_cannot_be_named(client, journalist):
    other = AnonymousAttributionFactory(article=ArticleFactory())
    data = new_story_with_anonymous_quote(**{"quotes-0-anonymous": other.pk})
    response = client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Quote.objects.exists()
