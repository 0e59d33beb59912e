"""The demo's stories in each non-public state: reached through the workflow, with the history
it writes, and off every public surface."""

from datetime import datetime

import pytest
from django.utils import timezone

from articles import revisions
from articles.models import Article

pytestmark = pytest.mark.django_db

NOT_PUBLIC = {
    "draft": ("saltwater-orchard-survey-begins-in-thatta", "saltwater orchard"),
    "in_review": ("lighthouse-keepers-petition-for-gwadar-beacon", "phone torches"),
    "sent_back": ("hunza-glacier-cafe-closes-for-the-winter", "Passu glacier"),
    "approved": ("kite-makers-of-lahore-prepare-for-basant-ruling", "tissue paper"),
    "scheduled": ("railway-museum-restores-steam-locomotive-in-golra", "winter of welding"),
    "embargoed": ("central-bank-report-on-remittances-embargoed", "weaker rupee"),
    "unpublished": ("mangla-reservoir-level-hits-ten-year-high", "cotton crop"),
}
SURFACES = [
    "/",
    "/sections/pakistan/",
    "/sections/business/",
    "/topics/trade/",
    "/topics/transport/",
    "/authors/sana-malik/",
    "/people/sarah-qureshi/",
    "/people/ayesha-khan/",
    "/people/bilal-ahmed/",
    "/people/imran-sheikh/",
]


def test_demo_has_one_story_in_each_non_public_state(demo_newsroom):
    articles = {state: Article.objects.get(slug=slug) for state, (slug, _) in NOT_PUBLIC.items()}
    now = timezone.now()
    assert {state: a.status for state, a in articles.items()} == {
        "draft": "draft",
        "in_review": "in_review",
        "sent_back": "sent_back",
        "approved": "approved",
        "scheduled": "published",
        "embargoed": "published",
        "unpublished": "unpublished",
    }
    assert articles["scheduled"].published_at > now
    assert articles["embargoed"].embargo_until > now
    assert not Article.objects.published().filter(pk__in=[a.pk for a in articles.values()])


@pytest.mark.parametrize("url", SURFACES)
def test_no_public_surface_shows_a_non_public_demo_story(client, demo_newsroom, url):
    response = client.get(url)
    page = response.content.decode() if response.status_code == 200 else ""
    for slug, words in NOT_PUBLIC.values():
        assert slug not in page
        assert words not in page


SUBMITTED = [("submit", "journalist")]
APPROVED = [*SUBMITTED, ("approve", "editor")]
HISTORIES = {
    "draft": [],
    "in_review": SUBMITTED,
    "sent_back": [*SUBMITTED, ("send_back", "editor")],
    "approved": APPROVED,
    "scheduled": [*APPROVED, ("schedule", "admin")],
    "embargoed": [*APPROVED, ("embargo", "admin"), ("publish", "admin")],
    "unpublished": [*APPROVED, ("publish", "admin"), ("unpublish", "admin")],
}


def history(article):
    events = article.events.order_by("created_at", "pk").select_related("actor")
    return [(event.action, event.actor.username) for event in events]


def test_each_demo_state_was_reached_through_the_workflow_by_the_demo_people(demo_newsroom):
    for state, (slug, _) in NOT_PUBLIC.items():
        article = Article.objects.get(slug=slug)
        assert history(article) == HISTORIES[state], state
        if state in {"approved", "scheduled", "embargoed", "unpublished"}:
            approval = article.events.get(action="approve")
            assert approval.revision == article.approved_revision
            assert not revisions.changed_since_approval(article)
    retracted = Article.objects.get(slug=NOT_PUBLIC["unpublished"][0])
    assert retracted.events.get(action="unpublish").details["retracted"] is True


def test_the_islamabad_story_was_approved_by_the_editor_and_published_by_the_admin_in_2016(
    demo_newsroom,
):
    article = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    assert history(article) == [*APPROVED, ("publish", "admin")]
    assert article.published_at == datetime.fromisoformat("2016-12-26T08:30:00+05:00")
    assert article.events.get(action="approve").details["confirmed_anonymous_sources"] is True
    bus_routes = Article.objects.get(slug="islamabad-council-approves-new-bus-routes")
    assert history(bus_routes) == [*SUBMITTED, ("approve", "admin"), ("publish", "admin")]
