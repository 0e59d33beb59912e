import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from PIL import Image as PillowImage

from articles.demo import load_demo_newsroom
from articles.models import Article
from sources.models import Quote
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"


def normalise(text):
    text = re.sub(r"[“”\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def database_snapshot():
    snapshot = {}
    for model in apps.get_models():
        rows = model.objects.order_by("pk").values()
        snapshot[model._meta.label] = [
            {k: v for k, v in row.items() if k not in {"last_login"}} for row in rows
        ]
    return snapshot


def test_loading_twice_changes_nothing(demo_newsroom):
    before = database_snapshot()
    load_demo_newsroom(DEMO_PASSWORD)
    assert database_snapshot() == before


def test_command_prints_url_and_logins(db, capsys, monkeypatch):
    monkeypatch.setenv("NEWSROOM_DEMO_PASSWORD", "a-demo-password-9")
    call_command("load_demo_newsroom", port="8123")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out
    for username in ["journalist", "editor", "admin"]:
        assert re.search(rf"{username}\s+/ a-demo-password-9", out)


def test_generated_password_is_kept_in_var_and_reused(db, settings, monkeypatch, capsys):
    monkeypatch.delenv("NEWSROOM_DEMO_PASSWORD", raising=False)
    call_command("load_demo_newsroom")
    password = (settings.VAR_DIR / "demo_password").read_text().strip()
    call_command("load_demo_newsroom")

    assert len(password) >= 12
    assert (settings.VAR_DIR / "demo_password").read_text().strip() == password
    assert capsys.readouterr().out.count(password) == 6


def test_demo_accounts_have_their_roles(demo_newsroom, django_user_model):
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert django_user_model.objects.get(username="editor").has_perm("articles.publish_article")
    journalist = django_user_model.objects.get(username="journalist")
    assert journalist.has_perm("articles.submit_article")
    assert not journalist.has_perm("articles.publish_article")
    assert journalist.check_password(DEMO_PASSWORD)
    assert journalist.has_perm("images.add_image")
    assert not journalist.has_perm("images.delete_image")
    assert django_user_model.objects.get(username="editor").has_perm("images.delete_image")


def test_islamabad_story_is_published_on_26_december_2016_in_the_morning(demo_newsroom):
    article = Article.objects.published().get(slug=ISLAMABAD_SLUG)

    assert article.get_absolute_url() == f"/2016/12/26/{ISLAMABAD_SLUG}/"
    assert article.dateline == "ISLAMABAD"
    assert article.credit.startswith("Based on reporting by The Nation")
    assert {t.slug for t in article.topics.all()} >= {
        "pakistan-russia-relations",
        "pakistan-us-relations",
        "india",
        "china",
        "afghanistan",
        "diplomacy",
        "tu-154-crash",
    }


def test_every_demo_quote_stands_verbatim_in_its_paragraph(demo_newsroom):
    for article in Article.objects.all():
        paragraphs = [normalise(p) for p in article.paragraphs()]
        for quote in article.quotes.all():
            assert normalise(quote.text).rstrip(",") in paragraphs[quote.paragraph], quote


def speaker_matches(quote, speaker):
    if speaker["kind"] == "anonymous":
        return (
            quote.anonymous is not None
            and quote.anonymous.description.lower() == speaker["anonymous_description"].lower()
        )
    if speaker["name"]:
        return quote.source is not None and quote.source.surname == speaker["name"].split()[-1]
    return quote.organisation is not None and (
        quote.speaker_organisation.lower() == speaker["organisation"].lower()
    )


def test_every_gold_quote_is_present_with_the_right_speaker(demo_newsroom, shared_stories):
    gold = json.loads((shared_stories / "islamabad-pak-russia-ties.gold.json").read_text())
    speakers = {speaker["key"]: speaker for speaker in gold["speakers"]}
    quotes = list(
        Quote.objects.filter(article__slug=ISLAMABAD_SLUG).select_related(
            "source", "organisation", "anonymous"
        )
    )

    assert len(quotes) == len(gold["quotes"]) == 21
    for expected in gold["quotes"]:
        matches = [
            quote
            for quote in quotes
            if normalise(quote.text) == normalise(expected["text"])
            and quote.is_direct == expected["direct"]
            and quote.paragraph == expected["paragraph"]
        ]
        assert len(matches) == 1, expected
        assert speaker_matches(matches[0], speakers[expected["speaker"]]), expected


def test_anonymous_senior_official_has_a_confidential_identity(demo_newsroom):
    quote = Quote.objects.get(article__slug=ISLAMABAD_SLUG, paragraph=13)
    identity = quote.anonymous.identity

    assert quote.anonymous.description == "A senior official at the foreign ministry"
    assert identity.name == "Demo Confidential Person"
    assert identity.phone and identity.email
    assert identity.created_by.username == "journalist"


def test_islamabad_story_leads_the_demo_home_page(client, demo_newsroom):
    html = client.get("/").content.decode()

    first_headline = html.index("Washington uneasy as Pakistan and Russia draw closer")
    assert first_headline < html.index("Islamabad council approves new bus routes")


def test_published_demo_stories_have_credited_lead_images_drawn_by_the_project(demo_newsroom):
    illustrated = Article.objects.published().filter(lead_image__isnull=False)

    assert illustrated.count() >= 2
    assert illustrated.filter(slug=ISLAMABAD_SLUG).exists()
    for article in illustrated.select_related("lead_image"):
        image = article.lead_image
        assert image.publishing_problems() == []  # alt text and credit
        assert image.caption and image.licence
        assert (image.width, image.height) == (960, 540)
        with image.file.open("rb"), PillowImage.open(image.file) as pixels:
            colours = pixels.convert("RGB").getcolors(maxcolors=1_000_000)
        assert len(colours) > 100, f"{image} looks like a placeholder, not an illustration"
