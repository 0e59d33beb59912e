"""Hostile input: markup is stripped from rich text, escaped everywhere else, and odd text is
refused with a clear form error."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article, Correction
from articles.text import sanitise_body
from images.models import Image
from newsroom.validators import validate_plain_line
from sources.models import Organisation, Source
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
    make_image,
)

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RAW_MARKERS = ["<script>alert", "<img src=x", "onerror=alert(1)>"]


def hostile(label: str) -> str:
    return f"{label} {SCRIPT} {BREAKOUT}"


@pytest.mark.parametrize(
    "dirty",
    [
        "<p>a</p><script>alert(1)</script>",
        '<p onclick="alert(1)">a</p>',
        '<p><a href="javascript:alert(1)">a</a></p>',
        '<p><a href="data:text/html;base64,PHNjcmlwdD4=">a</a></p>',
        '<p><img src="data:image/png;base64,AAAA" onerror="alert(1)"></p>',
        '<p style="background:url(javascript:alert(1))">a</p>',
        "<p>a</p><style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<object data="evil.swf"></object>',
        '<embed src="evil.swf">',
        "<marquee>a</marquee><blink>b</blink><svg onload=alert(1)></svg>",
        '<form action="https://evil.example"><input name="x"></form>',
    ],
)
def test_rich_text_sanitiser_removes_active_content(dirty):
    clean = sanitise_body(dirty).lower()
    for banned in [
        "<script",
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "data:",
        "style",
        "<iframe",
        "<object",
        "<embed",
        "<marquee",
        "<svg",
        "<form",
        "<input",
    ]:
        assert banned not in clean, (dirty, clean)


@pytest.mark.django_db
def test_body_is_sanitised_when_saved():
    article = ArticleFactory(body='<p onclick="x()">Safe words</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>Safe words</p>"


@pytest.fixture
def hostile_story(db):
    organisation = OrganisationFactory(name=hostile("Org"), slug="hostile-org")
    person = SourceFactory(name=hostile("Person"), slug="hostile-person", organisation=organisation)
    article = ArticleFactory(
        headline=hostile("Headline").replace("\n", " "),
        slug="hostile-story",
        dek=hostile("Dek"),
        body="<p>First.</p><p>Second.</p><p>Third.</p>",
        lead_image=make_image(
            alt_text=hostile("Alt"), credit=hostile("Credit"), caption=hostile("Cap")
        ),
    )
    article.topics.add(hostile("Topic"))
    QuoteFactory(article=article, source=person, text=hostile("Quote"), paragraph=0)
    QuoteFactory(
        article=article, source=None, organisation=organisation, text="Statement.", paragraph=1
    )
    anonymous = AnonymousAttributionFactory(article=article, description=hostile("Anon"))
    QuoteFactory(article=article, source=None, anonymous=anonymous, text="Secret.", paragraph=2)
    Correction.objects.create(article=article, text=hostile("Correction"))
    return article


def assert_escaped(url, response):
    assert response.status_code == 200, url
    body = response.content.decode()
    for marker in RAW_MARKERS:
        assert marker not in body, (url, marker)


def test_hostile_text_is_escaped_on_public_pages(client, hostile_story):
    topic = hostile_story.topics.get()
    urls = [
        "/",
        hostile_story.get_absolute_url(),
        topic.get_absolute_url(),
        "/people/hostile-person/",
        "/organisations/hostile-org/",
        "/corrections/",
        "/search/?q=Headline",
        f"/sections/{hostile_story.section.slug}/",
        "/sitemap-articles.xml",
    ]
    for url in urls:
        assert_escaped(url, client.get(url))
    page = client.get(hostile_story.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not dropped
    (json_ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert "<" not in json_ld and ">" not in json_ld


@pytest.mark.parametrize("url", ["/feeds/rss/", "/feeds/atom/"])
def test_hostile_text_is_escaped_in_feeds_even_after_the_reader_unescapes(
    client, hostile_story, url
):
    """An RSS description and an Atom summary are HTML that readers render: one level of XML
    escaping is not enough, the text inside must itself be HTML-escaped. (Titles and categories
    are plain text in both formats.)"""
    response = client.get(url)
    assert_escaped(url, response)
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    texts = " ".join(
        element.text or ""
        for element in tree.iter()
        if element.tag.rsplit("}", 1)[-1] in {"description", "summary", "content"}
    )
    assert "Dek" in texts
    assert "<script>" not in texts
    assert "<img src=x" not in texts


def test_hostile_text_is_escaped_in_the_admin(client, hostile_story):
    client.force_login(UserFactory(username="root", is_superuser=True))
    person = Source.objects.get(slug="hostile-person")
    organisation = Organisation.objects.get(slug="hostile-org")
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=Headline",
        reverse("admin:articles_article_change", args=[hostile_story.pk]),
        reverse("admin:articles_article_history", args=[hostile_story.pk]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_change", args=[person.pk]),
        reverse("admin:sources_organisation_changelist"),
        reverse("admin:sources_organisation_change", args=[organisation.pk]),
        reverse("admin:articles_topic_changelist"),
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[hostile_story.lead_image_id]),
    ]
    for url in urls:
        assert_escaped(url, client.get(url))


def admin_form(model, data, instance=None):
    request = RequestFactory().post("/")
    request.user = UserFactory(username="root", is_superuser=True)
    model_admin = admin.site._registry[model]
    form_class = model_admin.get_form(request, instance, change=instance is not None)
    fields = form_class.base_fields
    initial = dict.fromkeys(fields, "")
    return form_class(data={**initial, **data}, instance=instance)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("headline", "H" * 100_000, "at most 200 characters"),
        ("headline", "Evil \u202eheadline", "RIGHT-TO-LEFT OVERRIDE"),
        ("headline", "Zero\u200bwidth", "ZERO WIDTH SPACE"),
        ("headline", "Null \x00 byte", "Null characters are not allowed"),
        ("dek", "Line\nbreak", "invisible or control character"),
        ("slug", "p\u0430kistan-story", "Enter a valid “slug”"),  # Cyrillic а
        ("slug", "ok-slug\u200b", "Enter a valid “slug”"),
    ],
)
def test_admin_story_form_refuses_odd_text_clearly(field, value, message):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    form = admin_form(Article, {field: value}, instance=article)
    assert not form.is_valid()
    assert message in " ".join(form.errors.get(field, [])), form.errors.get(field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "value"),
    [(Source, "Name\u202e"), (Organisation, "Org\u2066x"), (Source, "A\ufeffB")],
)
def test_admin_forms_refuse_bidi_and_zero_width_names(model, value):
    form = admin_form(model, {"name": value, "slug": "ok"})
    assert not form.is_valid()
    assert "invisible or control character" in " ".join(form.errors["name"])


@pytest.mark.django_db
def test_admin_forms_refuse_homoglyph_slugs():
    form = admin_form(Source, {"name": "Huma Baqai", "slug": "huma-b\u0430qai"})
    assert not form.is_valid()
    assert "slug" in form.errors


@pytest.mark.parametrize("text", ["اسلام آباد", "Zoë Ñúñez", "کی\u200cبات", "Ahmed 👩\u200d💻"])
def test_plain_line_validator_accepts_real_names(text):
    validate_plain_line(text)  # Urdu with ZWNJ, accents, emoji with ZWJ


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["dateline", "byline_text", "credit"])
@pytest.mark.parametrize("value", ["ISLAMABAD\u200b", "Our \u202eStaff", "A\u2066B"])
def test_admin_story_form_refuses_invisible_characters_in_one_line_fields(field, value):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    form = admin_form(Article, {field: value}, instance=article)
    assert not form.is_valid()
    assert "invisible or control character" in " ".join(form.errors.get(field, []))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Ports\u200b", "Topic “Ports”: Remove the invisible or control character at position 6"),
        ("Diplomacy, Evil \u202etopic", "RIGHT-TO-LEFT OVERRIDE"),
        ("Ports, " + "x" * 101, "at most 100 characters"),  # a database error before
    ],
)
def test_admin_story_form_refuses_odd_topic_names(value, message):
    """Taggit creates the topics a story names; they follow Topic.name's rules all the same."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    form = admin_form(Article, {"topics": value}, instance=article)
    assert not form.is_valid()
    assert message in " ".join(form.errors.get("topics", [])), form.errors.get("topics")


@pytest.mark.django_db
def test_admin_story_form_keeps_topic_names_urdu_needs():
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    form = admin_form(
        Article, {"headline": "A headline", "slug": "a-headline", "topics": "کی\u200cبات, Ports"}
    )
    assert "topics" not in form.errors, form.errors
    assert article


@pytest.mark.django_db
def test_image_credit_refuses_invisible_characters():
    image = make_image(alt_text="A market", credit="Reuters")
    form = admin_form(Image, {"credit": "Reuters\u200b/Jane Doe", "title": "Market"}, image)
    assert not form.is_valid()
    assert "invisible or control character" in " ".join(form.errors.get("credit", []))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model_field", "value"),
    [
        ("dateline", "LAHORE\u200b"),
        ("byline_text", "Agencies\ufeff"),
        ("credit", "The Nation\u202e"),
    ],
)
def test_story_model_refuses_invisible_characters(model_field, value):
    article = ArticleFactory.build(**{model_field: value})
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["section"])
    assert model_field in error.value.message_dict
