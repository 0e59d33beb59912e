"""A colleague can neither read, choose nor expose a confidential identity (issue #16, finding 1).

"Demo Confidential Person" is known to the newsroom only as the real identity behind an anonymous
source of the Islamabad story; the demo journalist recorded it. A second journalist forges its id
into every field of the story form that can name a source, asks the autocompletes for it and
types its name for a new source. Those who may see it get an ``IdentityAccessLog`` entry each
time a list or an autocomplete shows its name.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article
from sources.models import AnonymousAttribution, IdentityAccessLog, Mention, Quote, Source
from tests.factories import QuoteFactory, SourceFactory, UserFactory
from tests.security.conftest import find_leaks

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/article/add/"
AUTOCOMPLETE = "/admin/autocomplete/"
SOURCES = "/admin/sources/source/"
INLINES = ["anonymous_attributions", "quotes", "mentions", "corrections"]


@pytest.fixture
def hidden(demo_newsroom):
    person = Source.objects.get(slug="demo-confidential-person")
    assert person.anonymous_attributions.exists()
    assert not person.quotes.exists() and not person.mentions.exists()
    return person


@pytest.fixture
def colleague(demo_newsroom):
    user = UserFactory(username="colleague")
    user.groups.add(Group.objects.get(name="Journalist"))
    return user


def demo_user(username):
    return get_user_model().objects.get(username=username)


def forged_add_form(inline: str, source_id, *, headline: str) -> dict:
    """The story add form with one inline row naming ``source_id``."""
    data = {"headline": headline, "slug": "forged-speaker", "body": "<p>We said it.</p>"}
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    rows = {
        "quotes": {
            "source": source_id,
            "text": "We said it.",
            "paragraph": 0,
            "position": 0,
            "is_direct": "on",
        },
        "mentions": {"source": source_id},
        "anonymous_attributions": {
            "description": "A forged aide",
            "reason": "Forged.",
            "identity": source_id,
        },
    }[inline]
    data[f"{inline}-TOTAL_FORMS"] = 1
    data |= {f"{inline}-0-{field}": value for field, value in rows.items()}
    return data


def named_anywhere(person) -> bool:
    return (
        Quote.objects.filter(source=person).exists()
        or Mention.objects.filter(source=person).exists()
        or AnonymousAttribution.objects.filter(
            identity=person, description="A forged aide"
        ).exists()
    )


@pytest.mark.parametrize("inline", ["quotes", "mentions", "anonymous_attributions"])
@pytest.mark.parametrize("headline", ["", "Forged speaker"])
def test_a_forged_confidential_id_on_the_add_form_is_an_error_and_never_shows_the_name(
    client, colleague, hidden, inline, headline
):
    client.force_login(colleague)

    response = client.post(ADD, forged_add_form(inline, hidden.pk, headline=headline))

    html = response.content.decode()
    assert response.status_code == 200
    assert find_leaks(html, {"identity name": hidden.name}) == []
    assert "Select a valid choice" in html
    assert not named_anywhere(hidden)
    assert not Article.objects.filter(slug="forged-speaker").exists()


def test_looping_over_ids_names_no_source_the_colleague_may_not_see(client, colleague):
    unseen = SourceFactory(name="Editor Secret Contact", created_by=demo_user("editor"))
    AnonymousAttribution.objects.create(
        article=Article.objects.first(), description="an aide", reason="Fear.", identity=unseen
    )
    hidden = {
        f"#{person.pk}": person.name
        for person in Source.objects.filter(anonymous_attributions__isnull=False).distinct()
    }
    assert len(hidden) == 2
    client.force_login(colleague)
    shown = {}
    for source_id in Source.objects.values_list("pk", flat=True):
        for inline in ["quotes", "mentions"]:
            html = client.post(ADD, forged_add_form(inline, source_id, headline="")).content
            shown[(inline, source_id)] = find_leaks(html.decode(), hidden)
    assert {key: leaks for key, leaks in shown.items() if leaks} == {}


@pytest.mark.parametrize("username", ["editor", "journalist", "admin"])
def test_nobody_may_name_a_person_known_only_as_an_identity_on_the_record(client, hidden, username):
    """Not even those who know the name: naming the person would expose the anonymous source."""
    client.force_login(demo_user(username))
    for inline in ["quotes", "mentions"]:
        response = client.post(ADD, forged_add_form(inline, hidden.pk, headline="Forged speaker"))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not named_anywhere(hidden)
    assert not Article.objects.filter(slug="forged-speaker").exists()


def autocomplete(client, model, field, term):
    params = {"app_label": "sources", "model_name": model, "field_name": field, "term": term}
    response = client.get(AUTOCOMPLETE, params)
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


ON_RECORD_FIELDS = [("quote", "source"), ("mention", "source"), ("identityaccesslog", "source")]


@pytest.mark.parametrize("username", ["editor", "journalist", "admin", "colleague"])
@pytest.mark.parametrize(("model", "field"), ON_RECORD_FIELDS)
def test_on_record_autocompletes_offer_no_one_known_only_as_an_identity(
    client, colleague, hidden, username, model, field
):
    client.force_login(demo_user(username))
    for term in ["Demo", "Confidential", ""]:
        assert hidden.public_name not in autocomplete(client, model, field, term)
    assert "Dr Huma Baqai" in autocomplete(client, model, field, "Baqai")


def test_the_identity_autocomplete_offers_a_confidential_person_only_to_those_who_may_see_it(
    client, colleague, hidden
):
    for username, offered in [("colleague", False), ("journalist", True), ("editor", True)]:
        client.force_login(demo_user(username))
        names = autocomplete(client, "anonymousattribution", "identity", "Demo")
        assert (hidden.public_name in names) is offered, username


def log_of(user):
    return list(IdentityAccessLog.objects.filter(user=user).values_list("source__slug", "where"))


@pytest.mark.parametrize("username", ["editor", "journalist"])
def test_a_confidential_name_in_the_identity_autocomplete_is_logged(client, hidden, username):
    user = demo_user(username)
    client.force_login(user)

    autocomplete(client, "anonymousattribution", "identity", "Demo")

    [(slug, where)] = log_of(user)
    assert slug == hidden.slug
    assert where.startswith(AUTOCOMPLETE)
    assert "field_name=identity" in where
    assert "term=Demo" in where


@pytest.mark.parametrize("username", ["editor", "journalist"])
def test_a_confidential_name_in_the_source_list_is_logged_and_public_names_are_not(
    client, hidden, username
):
    user = demo_user(username)
    client.force_login(user)

    html = client.get(SOURCES).content.decode()
    assert hidden.name in html
    assert log_of(user) == [(hidden.slug, SOURCES)]

    client.get(SOURCES, {"q": "Baqai"})
    assert len(log_of(user)) == 1  # nobody confidential was on that page


def test_a_colleague_sees_no_confidential_name_and_nothing_is_logged(client, colleague, hidden):
    client.force_login(colleague)
    assert hidden.name not in client.get(SOURCES).content.decode()
    assert hidden.public_name not in autocomplete(client, "anonymousattribution", "identity", "")
    assert not IdentityAccessLog.objects.exists()


def test_a_new_source_named_like_a_hidden_one_looks_like_any_new_name(client, colleague, hidden):
    """The slug a colleague gets for a guessed name must not say that someone else holds it."""
    client.force_login(colleague)
    data = {"name": hidden.name, "slug": hidden.slug, "kind": "official", "title": ""}

    response = client.post(f"{SOURCES}add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    created = Source.objects.get(created_by=colleague)
    assert created.slug == "demo-confidential-person"
    hidden.refresh_from_db()
    assert hidden.slug != created.slug
    assert hidden.anonymous_attributions.exists()
    assert client.get(f"/people/{created.slug}/").status_code == 404  # quoted nowhere yet


def test_merging_a_confidential_record_keeps_the_public_name_on_the_quotes(client, hidden):
    """The editor says both records are one person: the quotes keep the name readers know."""
    public = QuoteFactory(source=SourceFactory(name="Known Spokesman")).source
    client.force_login(demo_user("editor"))
    assert hidden.pk < public.pk  # the oldest, kept by default

    client.post(
        SOURCES,
        {"action": "merge_sources", "_selected_action": [hidden.pk, public.pk], "index": 0},
    )

    assert not Source.objects.filter(pk=hidden.pk).exists()
    assert public.quotes.exists()
    assert AnonymousAttribution.objects.filter(identity=public).exists()
