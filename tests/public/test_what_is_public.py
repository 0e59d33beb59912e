"""The minimal public site: what readers may see, and nothing else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from sources.models import Source
from tests.factories import ArticleFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

ISLAMABAD_URL = "/2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/"
PUBLIC_URLS = [
    "/",
    ISLAMABAD_URL,
    "/people/huma-baqai/",
    "/people/nafees-zakaria/",
    "/people/aizaz-ahmed-chaudhry/",
    "/organisations/pakistan-foreign-ministry/",
    "/organisations/government-of-pakistan/",
    "/topics/pakistan-russia-relations/",
    "/sections/pakistan/",
    "/authors/sana-malik/",
]
CONFIDENTIAL = ["Demo Confidential Person", "555 0147", "demo.confidential.person", "Americas desk"]

NOT_PUBLIC = {
    "draft": {"status": Article.Status.DRAFT, "published_at": None},
    "in review": {"status": Article.Status.IN_REVIEW, "published_at": None},
    "scheduled": {"published_at": timezone.now() + timedelta(days=3)},
    "embargoed": {"embargo_until": timezone.now() + timedelta(days=3)},
    "unpublished": {"status": Article.Status.UNPUBLISHED},
}


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_renders(client, demo_newsroom, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_page_reveals_a_confidential_identity(client, demo_newsroom, url):
    html = client.get(url).content.decode()
    for secret in CONFIDENTIAL:
        assert secret not in html


def test_article_page_shows_story_and_links_every_named_speaker(client, demo_newsroom):
    html = client.get(ISLAMABAD_URL).content.decode()

    assert "Washington uneasy as Pakistan and Russia draw closer" in html
    assert "ISLAMABAD" in html
    assert 'href="/authors/sana-malik/"' in html
    for url in [
        "/people/huma-baqai/",
        "/people/shahid-latif/",
        "/people/nafees-zakaria/",
        "/organisations/pakistan-foreign-ministry/",
        "/organisations/government-of-pakistan/",
        "/topics/tu-154-crash/",
    ]:
        assert f'href="{url}"' in html
    assert "A senior official at the foreign ministry" in html


def test_person_page_lists_what_they_said_and_where(client, demo_newsroom):
    html = client.get("/people/huma-baqai/").content.decode()

    assert "Dr Huma Baqai" in html
    assert "indigestible for India and the US" in html
    assert f'href="{ISLAMABAD_URL}"' in html


def test_person_page_lists_quotes_from_several_stories_newest_first(client, demo_newsroom):
    html = client.get("/people/sarah-qureshi/").content.decode()

    assert html.index("The bigger cost is time") < html.index("Twelve months ago")


def test_confidential_identity_has_no_public_page(client, demo_newsroom):
    assert client.get("/people/demo-confidential-person/").status_code == 404
    assert not Source.objects.public().filter(slug="demo-confidential-person").exists()


def test_wrong_date_in_article_url_redirects_to_the_canonical_url(client, demo_newsroom):
    response = client.get(ISLAMABAD_URL.replace("/26/", "/27/"))
    assert response.status_code == 301
    assert response["Location"] == ISLAMABAD_URL


@pytest.mark.parametrize("state", NOT_PUBLIC)
def test_story_that_is_not_public_answers_404_everywhere(client, state):
    person = SourceFactory(slug=f"only-in-{state.replace(' ', '-')}")
    article = ArticleFactory(headline=f"Hidden {state} headline", **NOT_PUBLIC[state])
    article.topics.add("Secret topic")
    QuoteFactory(article=article, source=person, text="A hidden quote")
    visible = ArticleFactory(published_at=timezone.now() - timedelta(days=400))
    url = visible.get_absolute_url().replace(visible.slug, article.slug)

    assert client.get(url).status_code == 404
    assert client.get(f"/people/{person.slug}/").status_code == 404
    assert client.get("/topics/secret-topic/").status_code == 404
    assert client.get(f"/sections/{article.section.slug}/").status_code == 200
    for page in ["/", f"/sections/{article.section.slug}/"]:
        html = client.get(page).content.decode()
        assert f"Hidden {state} headline" not in html
