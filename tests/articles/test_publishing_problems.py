import pytest

from tests.factories import ArticleFactory, make_image

pytestmark = pytest.mark.django_db


def test_story_with_text_and_no_image_can_be_published():
    assert ArticleFactory().publishing_problems() == []


def test_story_without_text_cannot_be_published():
    assert "The story has no text." in ArticleFactory(body="").publishing_problems()


def test_lead_image_without_alt_text_blocks_publishing_with_a_clear_message():
    article = ArticleFactory(lead_image=make_image(size=(64, 48), alt_text=" ", credit="Reuters"))

    problems = article.publishing_problems()

    assert problems == [
        "The lead image “Talks in Moscow” has no alt text. Describe what it shows for readers "
        "who cannot see it."
    ]


def test_lead_image_with_alt_text_and_credit_is_fine():
    image = make_image(alt_text="Delegates around a table", credit="Reuters")
    assert ArticleFactory(lead_image=image).publishing_problems() == []
