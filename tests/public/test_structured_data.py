"""schema.org NewsArticle JSON-LD: parses, has the fields search engines need, cannot break out."""

import json
import re
from datetime import timedelta

import pytest

from articles.models import Article, Correction
from articles.structured_data import script_safe_json
from images.renditions import OPEN_GRAPH, get_rendition
from tests.public.conftest import ISLAMABAD_URL

pytestmark = pytest.mark.django_db
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_article_json_ld_has_the_news_article_fields(client, demo_newsroom):
    article = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    article.public_updated_at = article.published_at + timedelta(hours=4)
    article.save()
    Correction.objects.create(article=article, text="We misstated <the> date & place.")

    html = client.get(ISLAMABAD_URL).content.decode()
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    assert "<the>" not in blocks[0] and "&" not in blocks[0]
    data = json.loads(blocks[0])

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] == "2016-12-26T08:30:00+05:00"
    assert data["dateModified"] == "2016-12-26T12:30:00+05:00"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Sana Malik",
        "url": "http://testserver/authors/sana-malik/",
    }
    assert data["publisher"]["name"] == "The Newsroom"
    assert data["dateline"] == "ISLAMABAD"
    assert data["locationCreated"]["name"] == "ISLAMABAD"
    assert {topic["name"] for topic in data["about"]} >= {"Pakistan–Russia relations"}
    assert data["mainEntityOfPage"]["@id"] == "http://testserver" + ISLAMABAD_URL
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "We misstated <the> date & place.",
            "datePublished": data["correction"][0]["datePublished"],
        }
    ]
    assert data["image"] == [
        "http://testserver" + get_rendition(article.lead_image, OPEN_GRAPH).url
    ]  # the demo story's lead image, in its Open Graph crop


def test_script_safe_json_cannot_close_the_script_element():
    text = script_safe_json({"headline": "</script><script>alert(1)</script> & more"})
    assert "</script>" not in text and "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & more"
