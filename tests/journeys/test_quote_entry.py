"""Quote entry in a real browser: a journalist writes a story, picks each quote's paragraph
from the body's paragraphs or selects the words in the body, names an anonymous source added
in the same form, and saves once. The Islamabad story's form, with its 21 quotes, stays short
enough to work in.
"""

from __future__ import annotations

import os

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing selenium is an error
    pytest.importorskip(
        "selenium", reason="BROWSER JOURNEYS NOT RUN: selenium is missing (requirements-dev.txt)"
    )

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from articles.demo import load_demo_newsroom
from articles.models import Article
from tests.conftest import DEMO_PASSWORD
from tests.journeys.browser import add_inline, choose_autocomplete, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARAGRAPHS = [
    "Growing strategic ties between Pakistan and Russia are not being received well in "
    "Washington, informed sources said.",
    "Foreign Office Spokesman Nafees Zakaria said that this was an existing forum for "
    "undertaking informal discussions on issues of regional peace and stability.",
    "A senior official at the foreign ministry said that Washington was upset with the "
    "promising Pak-Russia relations.",
    "“They can’t of course tell us directly to shun Russia,” he said.",
]
ANONYMOUS = "A senior official at the foreign ministry"
REASON = "Not authorised to speak to the press about messages from Washington."
PUBLIC_REASON = "was not authorised to discuss messages from Washington"
OFFICIAL = "They can’t of course tell us directly to shun Russia"
ZAKARIA = "this was an existing forum for undertaking informal discussions"
ISLAMABAD = "washington-uneasy-as-pakistan-and-russia-draw-closer"


@pytest.fixture
def newsroom(live_server):
    load_demo_newsroom(DEMO_PASSWORD)


def select_in_body(b, words: str) -> None:
    """Select ``words`` in the body editor, as a mouse drag would."""
    b.driver.execute_script(
        """
        const [words] = arguments;
        const editor = document.querySelector('.field-body .ProseMirror[contenteditable]');
        const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.data.indexOf(words);
          if (at < 0) continue;
          editor.focus();
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          const selection = document.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
        throw new Error('words not in the body');
        """,
        words,
    )


def test_journalist_quotes_a_new_anonymous_source_and_selected_words_in_one_save(browser, newsroom):
    b = browser
    log_in(b, "journalist")
    b.get("/admin/articles/article/add/")
    b.type("#id_headline", "Washington irked by Pakistan’s ties with Russia")
    b.wait.until(lambda d: d.find_element(By.ID, "id_slug").get_attribute("value"))
    editor = b.find("div.ProseMirror[contenteditable=true]")
    assert editor.size["height"] >= 300, "the body editor starts as a useful box"
    headline = b.find("#id_headline")
    assert headline.size["width"] >= 600, "the headline field is wide"
    editor.click()
    for paragraph in PARAGRAPHS[:-1]:
        editor.send_keys(paragraph, Keys.ENTER)
    editor.send_keys(PARAGRAPHS[-1])

    # The anonymous source, described but not saved: quotes can name it at once.
    row = add_inline(b, "anonymous_attributions")
    b.type(f"#id_anonymous_attributions-{row}-description", ANONYMOUS)
    b.type(f"#id_anonymous_attributions-{row}-public_reason", PUBLIC_REASON)
    b.type(f"#id_anonymous_attributions-{row}-reason", REASON)

    quote = add_inline(b, "quotes")
    b.wait.until(
        lambda d: (
            len(d.find_elements(By.CSS_SELECTOR, f"#id_quotes-{quote}-paragraph option"))
            == len(PARAGRAPHS) + 1
        )
    )
    paragraphs = Select(b.find(f"#id_quotes-{quote}-paragraph"))
    assert [option.text for option in paragraphs.options][1:3] == [
        "1 — Growing strategic ties between Pakistan and Russia are not…",
        "2 — Foreign Office Spokesman Nafees Zakaria said that this was…",
    ]
    paragraphs.select_by_value("4")
    b.type(f"#id_quotes-{quote}-text", OFFICIAL)
    speaker = Select(b.find(f"#id_quotes-{quote}-anonymous"))
    speaker.select_by_visible_text(f"New: {ANONYMOUS}")

    # The second quote from words selected in the body: text and paragraph filled in.
    select_in_body(b, ZAKARIA)
    b.wait.until(lambda d: d.find_element(By.ID, "quote-selection").is_enabled())
    b.click("#quote-selection")
    second = quote + 1
    b.wait.until(
        lambda d: (
            d.find_element(By.ID, f"id_quotes-{second}-text").get_attribute("value") == ZAKARIA
        )
    )
    assert Select(b.find(f"#id_quotes-{second}-paragraph")).first_selected_option.text.startswith(
        "2 — "
    )
    choose_autocomplete(b, f"id_quotes-{second}-source", "Zakaria", "Nafees Zakaria")
    b.screenshot("quote-entry-before-save")

    b.submit_and_wait("input[name=_continue]")
    b.find(".messagelist .success")

    article = Article.objects.get(headline="Washington irked by Pakistan’s ties with Russia")
    attribution = article.anonymous_attributions.get()
    assert attribution.description == ANONYMOUS and attribution.reason == REASON
    quotes = {quote.paragraph: quote for quote in article.quotes.all()}
    assert quotes[3].anonymous == attribution and quotes[3].text == OFFICIAL
    assert quotes[1].source.slug == "nafees-zakaria" and quotes[1].text == ZAKARIA
    # Saved, the quotes show their paragraphs by number and first words.
    shown = Select(b.find("#id_quotes-0-paragraph")).first_selected_option.text
    assert shown.startswith("2 — Foreign Office Spokesman")


def test_the_islamabad_storys_form_with_21_quotes_stays_short(browser, newsroom):
    b = browser
    log_in(b, "editor")
    story = Article.objects.get(slug=ISLAMABAD)
    b.get(f"/admin/articles/article/{story.pk}/change/")
    b.find("#quotes-group .inline-related")
    b.wait.until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "#id_quotes-0-paragraph option[value='2']")
    )
    rows = b.find_all("#quotes-group .inline-related:not(.empty-form)")
    assert len(rows) == 21
    heights = [row.size["height"] for row in rows]
    page = b.driver.execute_script("return document.documentElement.scrollHeight")
    print(f"\nIslamabad change form: {page} px tall; quote rows {min(heights)}–{max(heights)} px")
    assert max(heights) <= 220, heights
    assert page <= 11_000, page  # about 21,000 px with 600 px quote rows
    b.screenshot("quote-entry-islamabad-form")
