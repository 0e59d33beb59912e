"""The review loop and the front page, in headless Chromium against the live server.

The journalist finds the editor's note where she works (beside the sent-back story on her
dashboard, and at the top of the story until she resubmits it); an editor, not a superuser,
arranges the home page's lead and top stories. Every step waits for the page, never for time.
"""

from __future__ import annotations

import os

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing selenium is an error
    pytest.importorskip(
        "selenium", reason="BROWSER JOURNEYS NOT RUN: selenium is missing (requirements-dev.txt)"
    )

from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from articles.demo import load_demo_newsroom
from articles.models import Article, FrontPageItem
from tests.conftest import DEMO_PASSWORD
from tests.journeys.browser import (
    choose_autocomplete,
    log_in,
    log_out,
    run_transition,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENT_BACK = "Hunza glacier cafe closes early for the winter"
NOTE = "Who else confirms the glacier figure? Please add a second source."
ISLAMABAD = "Washington uneasy as Pakistan and Russia draw closer, officials say"
NEW_LEAD = "Islamabad council approves new bus routes to Rawalpindi"


@pytest.fixture
def newsroom(live_server):
    load_demo_newsroom(DEMO_PASSWORD)
    return {user.username: user for user in get_user_model().objects.all()}


def test_journalist_reads_the_sent_back_note_on_the_dashboard_and_the_story(browser, newsroom):
    b = browser
    story = Article.objects.get(headline=SENT_BACK)

    log_in(b, "journalist")
    queues = b.find("#editorial-queues")
    note = queues.find_element(By.CSS_SELECTOR, ".sent-back-note")
    assert NOTE in note.text
    assert "Omar Farooq" in note.text
    row = note.find_element(By.XPATH, "preceding-sibling::tr[1]")
    assert SENT_BACK in row.text
    b.screenshot("journalist-dashboard-sent-back-note", element=queues)

    row.find_element(By.LINK_TEXT, SENT_BACK).click()
    box = b.find("#sent-back-note")
    assert NOTE in box.text
    assert box.location["y"] < b.find("#id_headline").location["y"]
    b.screenshot("journalist-story-sent-back-note", full_page=False)

    run_transition(b, "Submit for review")
    b.wait.until(ec.invisibility_of_element_located((By.ID, "sent-back-note")))
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not b.find_all("#sent-back-note")


def test_editor_curates_the_front_page(browser, newsroom):
    b = browser
    assert not newsroom["editor"].is_superuser
    islamabad = FrontPageItem.objects.get(article__headline=ISLAMABAD)

    log_in(b, "editor")
    b.link("Front page").click()
    b.wait_for_text(ISLAMABAD, "#result_list")
    position = b.find(f"#result_list input[name$='-position'][value='{islamabad.position}']")
    position.clear()
    position.send_keys("1")
    b.submit_and_wait("input[name=_save]")
    b.find(".messagelist .success")

    b.get("/admin/articles/frontpageitem/add/")
    choose_autocomplete(b, "id_article", "bus routes", NEW_LEAD)
    b.type("#id_position", "0")
    b.submit_and_wait("input[name=_save]")
    b.wait_for_text(NEW_LEAD, "#result_list")
    b.screenshot("editor-front-page")
    assert list(FrontPageItem.objects.values_list("article__headline", flat=True)) == [
        NEW_LEAD,
        ISLAMABAD,
    ]
    log_out(b)

    b.get("/")
    b.wait_for_text(NEW_LEAD)
    source = b.page_source()
    assert source.index(NEW_LEAD) < source.index(ISLAMABAD)
    b.screenshot("reader-home-new-lead", full_page=False)
