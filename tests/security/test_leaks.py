"""Nothing unpublished and no confidential identity leaks, on any surface a crawler can reach.

The demo newsroom holds a story in every non-public state (draft, in review, sent back,
approved, scheduled, embargoed, retracted) and an anonymous source whose real identity, "Demo
Confidential Person", has a phone, an email and private notes. The public crawl follows every
link from the seeds below; the admin crawl is done as a journalist who did not record the source.
"""

from __future__ import annotations

import json
import re
from collections import deque
from html import unescape
from urllib.parse import unquote_plus, urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from sources.models import AnonymousAttribution, Source
from tests.factories import UserFactory
from tests.security.conftest import find_leaks, hidden_story_secrets, identity_secrets

pytestmark = pytest.mark.django_db

ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"
LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
XML_LINK = re.compile(r"<(?:loc|link|id)>\s*([^<\s]+)\s*</", re.IGNORECASE)
ATOM_LINK = re.compile(r"<link[^>]+href=\"([^\"]+)\"", re.IGNORECASE)
NOT_CRAWLED = ("/admin", "/static/", "/media/")
MAX_PAGES = 600
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def internal_anonymity_notes() -> dict[str, str]:
    """Every anonymous source's internal reason: the desk's note, which may say who it is."""
    notes = {
        f"internal reason of “{attribution.description}”": attribution.reason
        for attribution in AnonymousAttribution.objects.all()
    }
    assert len(notes) >= 4
    return notes


def hidden_words(hidden: list[Article]) -> set[str]:
    """Words of the hidden headlines that are long enough to be distinctive."""
    return {
        word.strip(".,’'“”").lower()
        for article in hidden
        for word in article.headline.split()
        if len(word) > 5
    }


def links_in(url: str, response) -> set[str]:
    content_type = response.get("Content-Type", "")
    if not any(kind in content_type for kind in ("html", "xml", "rss", "atom", "json")):
        return set()
    body = response.content.decode()
    found = set()
    for pattern in (LINK, XML_LINK, ATOM_LINK):
        for match in pattern.findall(body):
            target = urlsplit(urljoin("http://testserver" + url, unescape(match)))
            if target.netloc not in {"testserver", ""}:
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if not path.startswith(NOT_CRAWLED):
                found.add(path)
    return found


def crawl(client, seeds, *, follow=True):
    """Every page reachable from the seeds: ``{url: response}``."""
    seen = {}
    queue = deque(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code in (301, 302) and follow:
            queue.append(response["Location"])
        elif follow and response.status_code == 200:
            queue.extend(links_in(url, response) - seen.keys())
    return seen


def public_seeds(hidden):
    seeds = [
        "/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/feeds/rss/",
        "/feeds/atom/",
        "/archive/",
        "/corrections/",
        "/robots.txt",
        "/no-such-page/",
        "/2016/12/26/no-such-story/",
        "/preview/",
        "/preview/not-a-token/",
        "/preview/" + "a" * 43 + "/",
        "/?page=999",
        "/corrections/?page=999",
        "/search/?q=",
    ]
    seeds += [f"/search/?q={word}" for word in sorted(hidden_words(hidden))]
    seeds += [f"/search/?q={word}&page=2" for word in sorted(hidden_words(hidden))]
    for article in hidden:
        if article.published_at:
            seeds.append(article.get_absolute_url())
        seeds.append(f"/2030/01/01/{article.slug}/")
        seeds.append(f"/search/?q={article.headline}")
    seeds += [f"/sections/{slug}/?page=999" for slug in ("pakistan", "business", "world")]
    return seeds


def test_public_crawl_shows_no_hidden_story_and_no_identity(client, demo_newsroom):
    """With the page cache on, as in production (tests/public covers the uncached path)."""
    story_secrets, hidden = hidden_story_secrets()
    secrets = {**story_secrets, **identity_secrets(), **internal_anonymity_notes()}
    pages = crawl(client, public_seeds(hidden))

    assert len(pages) > 60  # the crawl reached the story, topic, person and archive pages
    assert any(url.startswith("/sitemap-") for url in pages)
    assert any("ld+json" in r.content.decode() for r in pages.values() if r.status_code == 200)
    leaks = {}
    for url, response in pages.items():
        assert response.status_code < 500, url
        own = {label for label, text in secrets.items() if text.lower() in url.lower()}
        body = response.content.decode(errors="replace")
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        found = [
            label
            for label in find_leaks(body + headers, secrets)
            # A page may echo the words the reader typed (search box, 404 path), nothing more.
            if label not in own and not (url.startswith("/search/") and label.endswith("slug"))
        ]
        if found:
            leaks[url] = found
    assert leaks == {}


def test_readers_see_why_a_source_is_anonymous_and_never_the_internal_note(client, demo_newsroom):
    """Each public page that shows an anonymous attribution shows its public reason beside it."""
    islamabad = Article.objects.get(slug=ISLAMABAD_SLUG)
    attributions = list(islamabad.anonymous_attributions.all())
    assert len(attributions) == 4
    pages = {
        "story": client.get(islamabad.get_absolute_url()).content.decode(),
        "organisation": client.get("/organisations/pakistan-foreign-ministry/").content.decode(),
    }
    for attribution in attributions:
        assert attribution.public_reason.startswith("spoke on condition of anonymity")
        shown = f'(not named: <span class="anonymity-reason">{attribution.public_reason}</span>)'
        assert f'{attribution.description} <span class="note">{shown}' in pages["story"]
    foreign_ministry = [a for a in attributions if a.organisation_id]
    assert len(foreign_ministry) == 2
    for attribution in foreign_ministry:
        assert attribution.public_reason in pages["organisation"]
    internal = internal_anonymity_notes()
    assert find_leaks(pages["story"] + pages["organisation"], internal) == []


def test_hidden_story_urls_answer_404_or_410(client, demo_newsroom):
    _, hidden = hidden_story_secrets()
    for article in hidden:
        if article.published_at is None:
            continue
        response = client.get(article.get_absolute_url())
        expected = 410 if article.retraction_note else 404
        assert response.status_code == expected, article.slug


@pytest.fixture
def other_journalist(demo_newsroom):
    """A journalist who did not record the confidential source and has no stories."""
    user = UserFactory(username="colleague")
    user.groups.add(Group.objects.get(name="Journalist"))
    return user


def admin_urls(user):
    islamabad = Article.objects.get(slug=ISLAMABAD_SLUG)
    person = Source.objects.get(slug="demo-confidential-person")
    autocomplete = reverse("admin:autocomplete")
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[islamabad.pk]),
        reverse("admin:articles_article_history", args=[islamabad.pk]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:sources_source_changelist") + "?q=Demo",
        reverse("admin:sources_source_changelist") + "?q=Confidential",
        reverse("admin:sources_source_changelist") + "?q=555",
        reverse("admin:sources_source_changelist") + "?q=%2B92+51+555+0147",
        reverse("admin:sources_source_changelist") + "?q=example.invalid",
        reverse("admin:sources_source_change", args=[person.pk]),
        reverse("admin:sources_source_history", args=[person.pk]),
        reverse("admin:sources_organisation_changelist"),
        reverse("admin:articles_topic_changelist"),
    ]
    for model, field in [
        ("anonymousattribution", "identity"),
        ("quote", "source"),
        ("mention", "source"),
    ]:
        for term in ("Demo", "Confidential", "555", "example.invalid", ""):
            urls.append(
                f"{autocomplete}?app_label=sources&model_name={model}&field_name={field}&term={term}"
            )
    urls.append(reverse("admin:sources_identityaccesslog_changelist"))
    return urls


def test_admin_shows_no_identity_to_a_colleague_who_did_not_record_it(client, other_journalist):
    client.force_login(other_journalist)
    secrets = identity_secrets()
    seeds = admin_urls(other_journalist)
    leaks = {}
    statuses = {}
    for url in seeds:
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, url
        typed = unquote_plus(url).lower()  # the search box may echo what was typed
        found = [
            label
            for label in find_leaks(response.content.decode(errors="replace"), secrets)
            if secrets[label].lower() not in typed
        ]
        if found:
            leaks[url] = found
    assert leaks == {}
    # The colleague does reach the pages: the test is not passing on 403s alone.
    assert statuses[reverse("admin:articles_article_changelist")] == 200
    assert statuses[reverse("admin:sources_source_changelist")] == 200


def test_admin_shows_the_identity_to_whoever_recorded_it(client, demo_newsroom):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="journalist"))
    person = Source.objects.get(slug="demo-confidential-person")
    response = client.get(reverse("admin:sources_source_change", args=[person.pk]))
    assert response.status_code == 200
    assert person.phone in response.content.decode()


@pytest.mark.django_db
def test_public_pages_never_load_a_sources_staff_only_fields(client, demo_newsroom, settings):
    """Contact details and notes are not even read (nor decrypted) to draw a public page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sources.querysets import STAFF_ONLY_SOURCE_FIELDS

    pages = [
        f"/2016/12/26/{ISLAMABAD_SLUG}/",
        "/people/huma-baqai/",
        "/organisations/pakistan-foreign-ministry/",
    ]
    pages.append("/search/?q=Baqai")
    for page in pages:
        with CaptureQueriesContext(connection) as context:
            assert client.get(page).status_code == 200, page
        sql = " ".join(query["sql"] for query in context.captured_queries)
        assert '"sources_source"' in sql, page  # the page does read people
        for field in STAFF_ONLY_SOURCE_FIELDS:  # under any table alias
            assert f'."{field}"' not in sql, (page, field)


def test_no_story_json_ld_names_a_hidden_identity_or_quotes_an_anonymous_source(
    client, demo_newsroom
):
    """Quotations in the JSON-LD (schema.org) come from named speakers only: no anonymous
    source's words, description or identity, and nothing of a hidden story."""
    story_secrets, _ = hidden_story_secrets()
    secrets = {**story_secrets, **identity_secrets()}
    quotations = 0
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        blocks = JSON_LD.findall(html)
        assert len(blocks) == 1, article.slug
        assert find_leaks(blocks[0], secrets) == [], article.slug
        anonymous = article.quotes.filter(anonymous__isnull=False)
        hidden_words = {quote.text for quote in anonymous} | {
            quote.anonymous.description for quote in anonymous.select_related("anonymous")
        }
        for quotation in json.loads(blocks[0]).get("hasPart", []):
            quotations += 1
            assert quotation["text"] not in hidden_words, article.slug
            assert quotation["spokenByCharacter"]["name"] not in hidden_words, article.slug
            assert quotation["spokenByCharacter"]["url"].startswith("http://testserver/")
    assert quotations >= 5  # the test is not passing on empty JSON-LD
