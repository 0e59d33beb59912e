"""Topics on the story form: taggit's comma-separated field, with suggestions from the admin."""

import json

import pytest
from django.contrib.auth import get_user_model

from articles.forms import ArticleAdminForm
from articles.models import Article
from articles.widgets import TopicAutocompleteWidget
from tests.factories import change_form_data

pytestmark = pytest.mark.django_db
AUTOCOMPLETE = "/admin/autocomplete/?app_label=articles&model_name=article&field_name=topics"


@pytest.fixture
def journalist(demo_newsroom):
    return get_user_model().objects.get(username="journalist")


def test_story_form_uses_the_topic_autocomplete_widget():
    field = ArticleAdminForm.base_fields["topics"]
    assert isinstance(field.widget, TopicAutocompleteWidget)
    assert field.label == "Topics"


def test_widget_renders_a_combobox_pointing_at_the_admin_autocomplete_view():
    html = TopicAutocompleteWidget().render("topics", None, attrs={"id": "id_topics"})
    assert 'role="combobox"' in html
    assert 'aria-controls="id_topics_suggestions"' in html
    assert '<ul id="id_topics_suggestions" class="topic-suggestions" role="listbox" hidden>' in html
    assert 'data-topic-autocomplete-url="/admin/autocomplete/?app_label=articles&amp;' in html
    assert "articles/topic-autocomplete.js" in str(TopicAutocompleteWidget().media)


def test_autocomplete_view_suggests_topics_by_name_to_a_journalist(client, journalist):
    client.force_login(journalist)
    response = client.get(f"{AUTOCOMPLETE}&term=russia")
    assert response.status_code == 200
    names = [result["text"] for result in json.loads(response.content)["results"]]
    assert names == ["Pakistan–Russia relations"]


def test_autocomplete_view_refuses_anonymous_visitors(client, demo_newsroom):
    response = client.get(f"{AUTOCOMPLETE}&term=russia")
    assert response.status_code == 302  # to the login page


def test_the_field_still_saves_comma_separated_topics_old_and_new(client, journalist):
    article = Article.objects.get(slug="saltwater-orchard-survey-begins-in-thatta")
    client.force_login(journalist)
    data = change_form_data(article, topics="Pakistan–Russia relations, Diplomacy, Orchards, ")
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert sorted(article.topics.names()) == ["Diplomacy", "Orchards", "Pakistan–Russia relations"]
