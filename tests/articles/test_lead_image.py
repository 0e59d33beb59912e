"""The lead image on the story page, in link previews and in structured data."""

import json
import re

import pytest

from tests.factories import ArticleFactory, QuoteFactory, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_lead_image():
    image = make_image(
        alt_text="Delegates around a table in Moscow",
        caption="The trilateral talks.",
        credit="Reuters/Jane Doe",
    )
    article = ArticleFactory(lead_image=image)
    for paragraph in range(5):
        QuoteFactory(article=article, paragraph=paragraph)
    return article


def test_lead_image_is_a_responsive_picture_with_caption_and_credit(client, story_with_lead_image):
    html = client.get(story_with_lead_image.get_absolute_url()).content.decode()

    assert '<picture><source type="image/webp"' in html
    assert 'alt="Delegates around a table in Moscow"' in html
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert re.search(r'<img [^>]*width="\d+" height="\d+"', html)
    assert "Photo: Reuters/Jane Doe" in html


def test_lead_image_is_in_open_graph_and_json_ld(client, story_with_lead_image):
    html = client.get(story_with_lead_image.get_absolute_url()).content.decode()

    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image.startswith("http://testserver/media/images/renditions/")
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert json_ld["image"] == [og_image]


def test_a_lead_images_renditions_come_in_the_storys_own_row(
    client, settings, story_with_lead_image, django_assert_num_queries
):
    """One statement: the story with its lists, its image's renditions and the content
    version."""
    settings.NEWSROOM_PAGE_CACHE = False
    url = story_with_lead_image.get_absolute_url()
    client.get(url)  # the first view makes and stores the renditions

    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert "/media/images/renditions/" in response.content.decode()


def test_story_form_shows_the_lead_image_thumbnail_and_what_blocks_it(admin_client):
    image = make_image(alt_text="", credit="Reuters")
    article = ArticleFactory(lead_image=image, status="draft", published_at=None)

    html = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert "/media/images/renditions/" in html
    assert "has no alt text" in html
