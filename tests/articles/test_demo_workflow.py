"""The demo's stories in each non-public state stay off every public surface."""

import pytest
from django.utils import timezone

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
