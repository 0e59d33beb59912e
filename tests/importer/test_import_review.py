"""Import review: new people and organisations are proposed under their usual names, and nothing
of them is created, or public, before the journalist saves and an editor publishes."""

import pytest

from articles import workflow
from articles.models import Article
from sources.models import Organisation, Quote, Source
from tests.importer.review import IMPORT_URL, review_page, review_post_data

pytestmark = pytest.mark.django_db

STORY = """ISLAMABAD - The budget gap will narrow next year, the finance ministry said on Monday.

Economist Dr Sana Mirza said that the target was within reach.

“We have seen worse years,” she said.

The ministry of water resources said in a statement that talks would resume.
"""
HEADLINE = "Budget gap to narrow"


@pytest.fixture
def journalist_client(client, demo_newsroom, django_user_model):
    client.force_login(django_user_model.objects.get(username="journalist"))
    return client


def speaker_forms(response) -> dict:
    return {form.proposed.key: form for form in response.context["speakers"]}


def form_index(response, label: str) -> int:
    [index] = [
        i for i, form in enumerate(response.context["speakers"]) if form.proposed.label == label
    ]
    return index


def test_review_proposes_new_sources_in_their_usual_form_and_creates_nothing(
    journalist_client,
):
    counts = (Source.objects.count(), Organisation.objects.count(), Article.objects.count())
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)

    proposed = {form.proposed.label: form for form in response.context["speakers"]}
    assert proposed["finance ministry"]["name"].value() == "Finance Ministry"
    assert proposed["ministry of water resources"]["name"].value() == "Ministry of Water Resources"
    mirza = proposed["Sana Mirza, Economist"]
    assert (mirza["name"].value(), mirza["honorific"].value()) == ("Sana Mirza", "Dr")
    assert mirza["title"].value() == "Economist"
    assert all(form.proposed.is_new for form in proposed.values())
    assert all(form["action"].value() == "new" for form in proposed.values())
    html = response.content.decode()
    assert 'id="review-named"' in html and "new: check the name" in html
    assert (
        Source.objects.count(),
        Organisation.objects.count(),
        Article.objects.count(),
    ) == counts


def test_saved_import_creates_sources_under_the_reviewed_names_and_keeps_them_private(
    journalist_client, client
):
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)
    index = form_index(response, "ministry of water resources")
    data = review_post_data(response, **{f"speakers-{index}-name": "Water Ministry"})

    assert journalist_client.post(IMPORT_URL, data).status_code == 302

    finance = Organisation.objects.get(name="Finance Ministry")
    assert not Organisation.objects.filter(name="finance ministry").exclude(pk=finance.pk)
    assert Organisation.objects.filter(name="Water Ministry").exists()
    mirza = Source.objects.get(name="Sana Mirza")
    assert (mirza.honorific, mirza.title) == ("Dr", "Economist")
    article = Article.objects.get(headline=HEADLINE)
    statement = article.quotes.get(organisation=finance)
    assert statement.speaker_organisation == "finance ministry"  # the story's own words
    # Public only through a published story, as any source.
    assert finance not in Organisation.objects.public()
    assert mirza not in Source.objects.public()
    assert client.get(finance.get_absolute_url()).status_code == 404
    assert client.get(mirza.get_absolute_url()).status_code == 404


def test_a_speaker_can_be_matched_to_another_existing_source_instead(journalist_client):
    baqai = Source.objects.get(slug="huma-baqai")
    foreign_ministry = Organisation.objects.get(slug="pakistan-foreign-ministry")
    sources_before = Source.objects.count()
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)
    mirza = form_index(response, "Sana Mirza, Economist")
    ministry = form_index(response, "ministry of water resources")
    data = review_post_data(
        response,
        **{
            f"speakers-{mirza}-action": "existing",
            f"speakers-{mirza}-person": str(baqai.pk),
            f"speakers-{ministry}-action": "existing",
            f"speakers-{ministry}-institution": str(foreign_ministry.pk),
        },
    )

    assert journalist_client.post(IMPORT_URL, data).status_code == 302

    article = Article.objects.get(headline=HEADLINE)
    assert article.quotes.filter(source=baqai).count() == 2
    assert article.quotes.filter(organisation=foreign_ministry).exists()
    assert Source.objects.count() == sources_before
    assert not Source.objects.filter(name="Sana Mirza").exists()
    assert not Organisation.objects.filter(name="Ministry of Water Resources").exists()


def test_choosing_an_existing_source_without_naming_one_is_refused(journalist_client):
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)
    mirza = form_index(response, "Sana Mirza, Economist")
    data = review_post_data(response, **{f"speakers-{mirza}-action": "existing"})

    refused = journalist_client.post(IMPORT_URL, data)

    assert "Choose the existing source, or create a new one." in refused.content.decode()
    assert not Article.objects.filter(headline=HEADLINE).exists()


def test_a_skipped_new_source_is_not_created(journalist_client):
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)
    finance = form_index(response, "finance ministry")
    data = review_post_data(response, **{f"speakers-{finance}-action": "drop"})

    journalist_client.post(IMPORT_URL, data)

    assert not Organisation.objects.filter(name__iexact="finance ministry").exists()
    assert Article.objects.get(headline=HEADLINE).quotes.count() == 3


def test_a_new_source_becomes_public_with_the_published_story(journalist_client, demo_newsroom):
    response = review_page(journalist_client, text=STORY, headline=HEADLINE)
    journalist_client.post(IMPORT_URL, review_post_data(response))
    article = Article.objects.get(headline=HEADLINE)
    editor = article.owner.__class__.objects.get(username="editor")

    workflow.submit(article, by=article.owner)
    workflow.approve(article, by=editor, version=Article.objects.get(pk=article.pk).version)
    workflow.publish(Article.objects.get(pk=article.pk), by=editor)

    finance = Organisation.objects.get(name="Finance Ministry")
    assert finance in Organisation.objects.public()
    assert Quote.objects.public().filter(organisation=finance).exists()
