"""The three daily journeys, in headless Chromium against the live server.

A journalist writes the Islamabad story and submits it; an editor reviews, sends it back,
approves, publishes and corrects it; a reader reads it, follows its people and topics, searches,
and never sees an anonymous source's identity. Each step leaves a screenshot in
``test-artifacts/journeys/``. The editor's and the reader's journeys start from the story the
journalist's journey produces, built here through the same workflow functions the admin calls,
so each journey runs (and fails) on its own.
"""

from __future__ import annotations

import os
import re

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing selenium is an error
    pytest.importorskip(
        "selenium", reason="BROWSER JOURNEYS NOT RUN: selenium is missing (requirements-dev.txt)"
    )

from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select

from articles import revisions, workflow
from articles.demo import load_demo_newsroom
from articles.models import Article, Author, Correction, Section, Topic
from articles.text import paragraphs_to_html
from sources.models import AnonymousAttribution, Quote, Source
from tests.conftest import DEMO_PASSWORD, SHARED_STORIES
from tests.journeys.browser import (
    add_inline,
    assert_no_identity,
    choose_autocomplete,
    fill_quote,
    log_in,
    log_out,
    panel_buttons,
    run_transition,
    save_and_continue,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Pakistan’s warming ties with Russia irk Washington, officials say"
DEK = "Foreign ministry officials say the US has signalled its annoyance indirectly."
ANONYMOUS = "A senior official at the foreign ministry"
ANONYMOUS_REASON = "Not authorised to speak to the press about messages from Washington."
PUBLIC_REASON = (
    "spoke on condition of anonymity because they were not authorised to brief reporters"
)
SEND_BACK_NOTE = "Please add a dek: one sentence on what the officials say."
CORRECTION = "An earlier version misstated the day of the Moscow meeting."

# The paragraphs the journalist types, by their opening words in the wire copy; the excerpt is
# used when ../shared/stories/ is absent. The last one becomes a blockquote in the editor.
OPENINGS = [
    "Growing strategic ties",
    "Foreign Office Spokesman Nafees Zakaria",
    "A senior official at the foreign ministry said",
    "“They can’t of course",
    "International relations expert Dr Huma Baqai",
    "“India wants to isolate us",
]
EXCERPT = [
    "Growing strategic ties between Pakistan and Russia are not being received well in "
    "Washington, informed sources said.",
    "Foreign Office Spokesman Nafees Zakaria said that this was an existing forum for undertaking "
    "informal discussions on issues of regional peace and stability, including situation in "
    "Afghanistan.",
    "A senior official at the foreign ministry said that Washington was upset with the promising "
    "Pak-Russia relations and Islamabad had been conveyed the message between the lines.",
    "“They can’t of course tell us directly to shun Russia but they have tried a number of times "
    "to convey the message. We believe this partnership is not against any country,” he said.",
    "International relations expert Dr Huma Baqai said that Pakistan-Russia friendship was "
    "indigestible for India and the US.",
    "“India wants to isolate us and our formidable ties with China and growing relations with "
    "Russia are naturally annoying for them,” she said.",
]
ZAKARIA = (
    "this was an existing forum for undertaking informal discussions on issues of regional peace "
    "and stability"
)
OFFICIAL = "They can’t of course tell us directly to shun Russia"
BAQAI = (
    "India wants to isolate us and our formidable ties with China and growing relations with "
    "Russia are naturally annoying for them"
)


def story_paragraphs() -> list[str]:
    path = SHARED_STORIES / "islamabad-pak-russia-ties.txt"
    if not path.exists():
        return EXCERPT
    text = re.sub(r"^[A-Z]+\s*-\s*", "", path.read_text(encoding="utf-8"))  # the dateline
    paragraphs = [p.strip() for p in text.split("\n\n")]
    return [next(p for p in paragraphs if p.startswith(opening)) for opening in OPENINGS]


@pytest.fixture
def newsroom(live_server):
    load_demo_newsroom(DEMO_PASSWORD)
    return {user.username: user for user in get_user_model().objects.all()}


# --- the story the journalist's journey produces, for the other two ------------------------


def build_submitted_story(users) -> Article:
    journalist = users["journalist"]
    paragraphs = story_paragraphs()
    article = Article.objects.create(
        headline=HEADLINE,
        slug="pakistans-warming-ties-with-russia-irk-washington-officials-say",
        dateline="ISLAMABAD",
        section=Section.objects.get(slug="pakistan"),
        body=paragraphs_to_html(paragraphs[:-1])
        + f"\n<blockquote><p>{paragraphs[-1]}</p></blockquote>",
        owner=journalist,
    )
    article.authors.set([Author.objects.get(user=journalist)])
    article.topics.set(Topic.objects.filter(name__in=["Pakistan–Russia relations", "Diplomacy"]))
    anonymous = AnonymousAttribution.objects.create(
        article=article,
        description=ANONYMOUS,
        public_reason=PUBLIC_REASON,
        reason=ANONYMOUS_REASON,
        identity=Source.objects.get(slug="demo-confidential-person"),
    )
    Quote.objects.create(
        article=article,
        source=Source.objects.get(slug="nafees-zakaria"),
        paragraph=1,
        text=ZAKARIA,
        is_direct=False,
    )
    Quote.objects.create(article=article, anonymous=anonymous, paragraph=3, text=OFFICIAL)
    Quote.objects.create(
        article=article, source=Source.objects.get(slug="huma-baqai"), paragraph=5, text=BAQAI
    )
    revisions.record(article, by=journalist)
    return workflow.submit(article, by=journalist)


def build_published_story(users) -> Article:
    editor = users["editor"]
    article = build_submitted_story(users)
    Article.objects.filter(pk=article.pk).update(dek=DEK)
    article.refresh_from_db()
    revisions.record(article, by=users["journalist"])
    workflow.approve(article, by=editor, version=article.version, confirm_anonymous_sources=True)
    workflow.publish(article, by=editor)
    workflow.correct(article, by=editor, text=CORRECTION, kind=Correction.Kind.CORRECTION)
    article.refresh_from_db()
    return article


# --- 1. the journalist ---------------------------------------------------------------------


def test_journalist_writes_the_islamabad_story_previews_and_submits_it(browser, newsroom):
    b = browser
    b.get("/admin/login/")
    b.type("#id_username", "journalist")
    b.type("#id_password", DEMO_PASSWORD)
    b.screenshot("journalist-login")
    b.submit_and_wait("#login-form input[type=submit]")
    b.find("#user-tools")
    assert b.driver.execute_script(
        "return getComputedStyle(document.body).getPropertyValue('--primary').trim()"
    ), "the admin stylesheet did not load"
    b.screenshot("journalist-admin-home")

    b.follow(b.clickable("#content-main a[href='/admin/articles/article/add/']"))
    b.type("#id_headline", HEADLINE)
    b.wait.until(lambda d: d.find_element(By.ID, "id_slug").get_attribute("value"))
    b.type("#id_dateline", "ISLAMABAD")
    choose_autocomplete(b, "id_section", "Pak", "Pakistan")
    b.click("#id_authors + .select2 .select2-selection")
    b.find(".select2-container--open .select2-search__field").send_keys("Sana")
    b.pick(By.XPATH, "//li[contains(@class,'select2-results__option') and .='Sana Malik']")

    # The body, typed into the ProseMirror editor: paragraphs, then a blockquote.
    paragraphs = story_paragraphs()
    editor = b.find("div.ProseMirror[contenteditable=true]")
    editor.click()
    for paragraph in paragraphs[:-1]:
        editor.send_keys(paragraph, Keys.ENTER)
    editor.send_keys(paragraphs[-1])
    b.click("button.prose-menubar__button[data-name=blockquote]")
    b.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "div.ProseMirror blockquote p"))

    # Topics through the autocomplete: a click on one suggestion, the keyboard for another.
    topics = b.find("#id_topics")
    topics.send_keys("russia")
    b.wait.until(
        ec.element_to_be_clickable(
            (By.XPATH, "//ul[@id='id_topics_suggestions']/li[.='Pakistan–Russia relations']")
        )
    )
    b.screenshot("journalist-topic-suggestions", full_page=False)
    b.pick(By.XPATH, "//ul[@id='id_topics_suggestions']/li[.='Pakistan–Russia relations']")
    topics.send_keys("diplo")
    b.wait.until(
        lambda d: (
            [li.text for li in d.find_elements(By.CSS_SELECTOR, "#id_topics_suggestions li")]
            == ["Diplomacy"]
        )
    )
    topics.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    b.wait.until(
        lambda d: (
            d.find_element(By.ID, "id_topics").get_attribute("value")
            == "Pakistan–Russia relations, Diplomacy, "
        )
    )

    # The anonymous official first (with a reason), then the named speakers' quotes.
    index = add_inline(b, "anonymous_attributions")
    b.type(f"#id_anonymous_attributions-{index}-description", ANONYMOUS)
    b.type(f"#id_anonymous_attributions-{index}-public_reason", PUBLIC_REASON)
    b.type(f"#id_anonymous_attributions-{index}-reason", ANONYMOUS_REASON)
    choose_autocomplete(
        b, f"id_anonymous_attributions-{index}-identity", "Confidential", "Demo Confidential Person"
    )
    index = add_inline(b, "quotes")
    fill_quote(b, index, paragraph=2, text=ZAKARIA, direct=False)
    choose_autocomplete(b, f"id_quotes-{index}-source", "Zakaria", "Nafees Zakaria")
    index = add_inline(b, "quotes")
    fill_quote(b, index, paragraph=6, text=BAQAI, direct=True)
    choose_autocomplete(b, f"id_quotes-{index}-source", "Baqai", "Huma Baqai")
    b.screenshot("journalist-new-story-form")
    save_and_continue(b)

    # Saved once, the story's anonymous attribution can be chosen for the official's quote.
    index = add_inline(b, "quotes")
    fill_quote(b, index, paragraph=4, text=OFFICIAL, direct=True)
    Select(b.find(f"#id_quotes-{index}-anonymous")).select_by_visible_text(ANONYMOUS)
    save_and_continue(b)
    b.screenshot("journalist-story-saved")

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.DRAFT
    assert article.owner.username == "journalist"
    assert article.dateline == "ISLAMABAD"
    assert "<blockquote>" in article.body
    assert sorted(article.topics.names()) == ["Diplomacy", "Pakistan–Russia relations"]
    quotes = {quote.paragraph: quote for quote in article.quotes.all()}
    assert quotes[1].source.slug == "nafees-zakaria" and not quotes[1].is_direct
    assert quotes[3].anonymous.description == ANONYMOUS and quotes[3].is_direct
    assert quotes[5].source.slug == "huma-baqai" and quotes[5].is_direct
    assert article.anonymous_attributions.get().reason == ANONYMOUS_REASON
    assert article.anonymous_attributions.get().public_reason == PUBLIC_REASON

    # No publish or approve control anywhere the journalist looks.
    assert panel_buttons(b) == ["Submit for review", "Preview"]
    preview_url = b.find("#workflow-panel a[href$='/preview/']").get_attribute("href")
    b.get(preview_url.removeprefix(b.base_url))
    b.wait_for_text("Preview — not published", ".preview-banner")
    b.wait_for_text("informal discussions on issues of regional peace", ".story-body")
    assert b.find_all(".story-body blockquote")
    b.screenshot("journalist-preview")
    b.back()

    run_transition(b, "Submit for review")
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert panel_buttons(b) == ["Withdraw from review", "Preview"]
    assert not b.find_all("input[name=_continue]"), "an in-review story is read-only for her"
    b.screenshot("journalist-submitted")

    b.get("/admin/articles/article/?mine=1")
    actions = [o.text.lower() for o in Select(b.find("select[name=action]")).options]
    assert not [a for a in actions if "publish" in a or "approve" in a], actions


# --- 2. the editor -------------------------------------------------------------------------


def test_editor_sends_back_then_approves_publishes_and_corrects(browser, newsroom):
    b = browser
    article = build_submitted_story(newsroom)

    log_in(b, "editor")
    queue = b.find("#editorial-queues caption").find_element(By.XPATH, "..")
    assert (
        queue.find_element(By.TAG_NAME, "caption")
        .get_attribute("textContent")
        .startswith("Awaiting review")
    )
    assert HEADLINE in queue.text
    b.screenshot("editor-review-queue")
    b.follow(b.link(HEADLINE))

    panel = b.find("#sourcing-panel")
    rows = dict(row.text.rsplit(" ", 1) for row in panel.find_elements(By.CSS_SELECTOR, "tbody tr"))
    assert rows["Anonymous"] == "1"
    assert rows["Spokesperson"] == "1"
    assert rows["Expert or analyst"] == "1"
    assert "3 quotes from 3 speakers; 33% anonymous." in panel.text
    b.driver.execute_script(
        "arguments[0].scrollIntoView({block: 'start'})",
        panel.find_element(By.XPATH, "./ancestor::fieldset"),
    )
    b.screenshot("editor-sourcing-panel", full_page=False)

    run_transition(b, "Send back", fill=lambda: b.type("#id_note", SEND_BACK_NOTE))
    assert "Sent back" in b.find("#workflow-panel").text
    b.screenshot("editor-sent-back")
    log_out(b)

    # The journalist reads the note, adds the dek and resubmits.
    log_in(b, "journalist")
    b.get(f"/admin/articles/article/{article.pk}/change/")
    b.click("#workflow-panel details summary")
    b.wait_for_text(SEND_BACK_NOTE, "#workflow-panel")
    b.type("#id_dek", DEK)
    save_and_continue(b)
    run_transition(b, "Submit for review")
    b.screenshot("journalist-resubmitted")
    log_out(b)

    log_in(b, "editor")
    b.get(f"/admin/articles/article/{article.pk}/change/")
    assert "Publish" not in panel_buttons(b), "not before approval"

    def confirm_sources():
        b.wait_for_text("33% anonymous", "#sourcing-panel")
        b.click("#id_confirm_anonymous_sources")

    run_transition(b, "Approve", fill=confirm_sources)
    run_transition(b, "Publish")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_public

    def write_correction():
        Select(b.find("#id_kind")).select_by_value("correction")
        b.type("#id_note", CORRECTION)

    run_transition(b, "Add a correction to", fill=write_correction)
    assert article.corrections.get().text == CORRECTION
    b.screenshot("editor-published-and-corrected")
    actions = [event.action for event in article.events.order_by("created_at", "pk")]
    assert actions[-5:] == ["send_back", "submit", "approve", "publish", "correct"]


# --- 3. the reader -------------------------------------------------------------------------


def test_reader_reads_follows_searches_and_never_sees_an_identity(browser, newsroom):
    b = browser
    article = build_published_story(newsroom)

    b.get("/")
    assert_no_identity(b)
    b.screenshot("reader-home")
    b.follow(b.link(HEADLINE))
    b.wait_for_text(HEADLINE, "h1")
    assert b.driver.current_url == b.base_url + article.get_absolute_url()
    text = b.page_text()
    assert DEK in text and ZAKARIA in text and BAQAI in text
    assert CORRECTION in b.find("section.corrections").text
    sourcing = b.find("aside.sourcing").text
    assert f"{ANONYMOUS} (not named: {PUBLIC_REASON})" in sourcing
    assert ANONYMOUS_REASON not in b.page_source()
    assert_no_identity(b)
    b.screenshot("reader-story")

    b.follow(b.wait.until(ec.element_to_be_clickable((By.PARTIAL_LINK_TEXT, "Dr Huma Baqai"))))
    b.wait_for_text("Huma Baqai", "h1")
    assert BAQAI in b.page_text() and HEADLINE in b.page_text()
    assert_no_identity(b)
    b.screenshot("reader-people-page")
    b.back()

    b.follow(b.link("Pakistan–Russia relations"))
    b.wait_for_text("Pakistan–Russia relations", "h1")
    assert HEADLINE in b.page_text()
    assert_no_identity(b)
    b.screenshot("reader-topic-page")

    b.type("#site-search-q", "informal discussions")
    b.submit_and_wait(".site-search button, .site-search input[type=submit]")
    b.wait_for_text(HEADLINE)
    assert_no_identity(b)
    b.screenshot("reader-search")

    # The demo's own Islamabad story, its anonymous quotes and a search for its ministry.
    for path in [
        "/2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/",
        "/search/?q=foreign+ministry",
        "/people/nafees-zakaria/",
        "/corrections/",
    ]:
        b.get(path)
        b.find("main, body")
        assert_no_identity(b)
    # Searching for the identity itself finds nothing (the page only echoes the query).
    b.get("/search/?q=Demo+Confidential+Person")
    b.wait_for_text("No stories match “Demo Confidential Person”.")
    assert not b.find_all("#people-heading") and not b.find_all("article.teaser")
    b.screenshot("reader-searches-for-the-identity")
