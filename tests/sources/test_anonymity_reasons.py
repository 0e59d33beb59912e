"""Why a source is anonymous: a public wording for readers, apart from the internal note."""

import pytest
from django.contrib.auth import get_user_model

from articles.sourcing import sourcing_report
from sources.models import AnonymousAttribution
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    QuoteFactory,
    change_form_data,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article/"
PUBLIC = "spoke on condition of anonymity because they were not authorised to discuss the talks"


@pytest.fixture
def journalist_client(client, demo_newsroom):
    client.force_login(get_user_model().objects.get(username="journalist"))
    return client


@pytest.fixture
def draft(demo_newsroom):
    return ArticleFactory(
        status="draft",
        published_at=None,
        owner=get_user_model().objects.get(username="journalist"),
    )


def with_new_attribution(draft, **fields):
    data = change_form_data(draft)
    index = data["anonymous_attributions-TOTAL_FORMS"]
    data["anonymous_attributions-TOTAL_FORMS"] = index + 1
    prefix = f"anonymous_attributions-{index}"
    data |= {f"{prefix}-article": draft.pk, f"{prefix}-description": "An aide"}
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
    return data


def test_a_new_anonymous_source_needs_a_reason_for_readers(journalist_client, draft):
    data = with_new_attribution(draft, reason="Would lose her job.")

    response = journalist_client.post(f"{ADMIN}{draft.pk}/change/", data)

    assert response.status_code == 200
    [errors] = [f.errors for f in response.context["inline_admin_formsets"][0].formset if f.errors]
    assert errors == {"public_reason": ["This field is required."]}
    assert not draft.anonymous_attributions.exists()
    data = with_new_attribution(draft, reason="Would lose her job.", public_reason=PUBLIC)
    assert journalist_client.post(f"{ADMIN}{draft.pk}/change/", data).status_code == 302
    attribution = draft.anonymous_attributions.get()
    assert (attribution.public_reason, attribution.reason) == (PUBLIC, "Would lose her job.")


def test_the_story_form_says_which_reason_is_public(journalist_client, draft):
    AnonymousAttributionFactory(article=draft)
    html = journalist_client.get(f"{ADMIN}{draft.pk}/change/").content.decode()
    assert "Reason given to readers" in html and "PUBLIC: shown to readers" in html
    assert "Internal reason (confidential)" in html and "never shown to readers" in html


def test_an_attribution_recorded_before_public_reasons_stays_editable_and_is_flagged(
    journalist_client, draft
):
    legacy = AnonymousAttributionFactory(article=draft, public_reason="")
    QuoteFactory(article=draft, source=None, anonymous=legacy, paragraph=0, text="First")
    QuoteFactory(article=draft, source=None, anonymous=legacy, paragraph=1, text="Second")

    data = change_form_data(draft, headline="Edited headline")
    assert journalist_client.post(f"{ADMIN}{draft.pk}/change/", data).status_code == 302

    warnings = [w for w in sourcing_report(draft).warnings if "readers are not told" in w]
    assert warnings == [
        "¶1: readers are not told why “A senior official” is not named; give the anonymous "
        "source a reason for readers."
    ]


def test_a_quote_gives_the_public_reason_of_its_anonymous_speaker_only():
    attribution = AnonymousAttributionFactory(public_reason=PUBLIC, reason="Internal note.")
    anonymous = QuoteFactory(article=attribution.article, source=None, anonymous=attribution)
    named = QuoteFactory(article=attribution.article)
    assert anonymous.anonymity_reason() == PUBLIC
    assert named.anonymity_reason() == ""
    assert AnonymousAttribution.objects.get().reason == "Internal note."
