"""The demo's public pages at a phone's width and a laptop's, in headless Chromium.

No page scrolls sideways, and a story's lead image is a ``<figure>`` with a ``<picture>``
inside its ``<article>`` that fits the text column: outside checks look for it there.
"""

from __future__ import annotations

import os

import pytest

if os.environ.get("CI", "").lower() != "true":  # in CI a missing selenium is an error
    pytest.importorskip(
        "selenium", reason="BROWSER JOURNEYS NOT RUN: selenium is missing (requirements-dev.txt)"
    )

from articles.demo import load_demo_newsroom
from articles.models import Article
from tests.conftest import DEMO_PASSWORD
from tests.factories import make_image, story_in_state

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = (375, 1280)
ISLAMABAD = "/2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/"
KARACHI_SLUG = "karachi-traders-count-the-cost-of-new-port-charges"
PAGES = {
    "home": "/",
    "story": ISLAMABAD,
    "person": "/people/huma-baqai/",
    "organisation": "/organisations/pakistan-foreign-ministry/",
    "topic": "/topics/pakistan-russia-relations/",
    "section": "/sections/pakistan/",
    "author": "/authors/sana-malik/",
    "search": "/search/?q=Baqai",
    "archive": "/archive/2016/12/",
    "corrections": "/corrections/",
}

# What sticks out of the window, for the failure message: the innermost elements wider than it.
OVERFLOW = """
const limit = document.documentElement.clientWidth;
return {
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: limit,
  innerWidth: window.innerWidth,
  culprits: [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
    .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > limit + 0.5))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)}px)`),
};
"""

# The lead image as outside checks find it, and how it sits in its column.
LEAD_IMAGE = """
const img = document.querySelector("article figure picture img");
if (!img) return null;
const article = img.closest("article").getBoundingClientRect();
const box = img.getBoundingClientRect();
return {
  loaded: img.complete && img.naturalWidth > 0,
  left: box.left, right: box.right, width: box.width, height: box.height,
  columnLeft: article.left, columnRight: article.right,
  caption: img.closest("figure").querySelector("figcaption")?.textContent.trim() ?? "",
};
"""


@pytest.fixture
def demo_site(live_server):
    load_demo_newsroom(DEMO_PASSWORD)


def assert_no_sideways_scrolling(b, width: int) -> None:
    layout = b.driver.execute_script(OVERFLOW)
    assert layout["innerWidth"] == width, layout
    assert layout["scrollWidth"] <= layout["clientWidth"] <= layout["innerWidth"], (
        f"{b.driver.current_url} scrolls sideways at {width}px: {layout}"
    )


def assert_lead_image_fits(b, width: int) -> dict:
    image = b.driver.execute_script(LEAD_IMAGE)
    assert image, f"no <figure><picture> inside <article> on {b.driver.current_url}"
    assert image["loaded"], image
    assert (
        image["columnLeft"] - 0.5 <= image["left"] and image["right"] <= image["columnRight"] + 0.5
    )
    assert image["right"] <= width
    assert image["height"] == pytest.approx(image["width"] * 9 / 16, abs=2), "not stretched"
    return image


@pytest.mark.parametrize("width", WIDTHS)
def test_demo_pages_never_scroll_sideways(browser, demo_site, width):
    b = browser
    with b.window_width(width):
        for name, path in PAGES.items():
            b.get(path)
            b.find("main")
            assert_no_sideways_scrolling(b, width)
            if name in {"home", "story"}:
                b.screenshot(f"layout-{name}-{width}", full_page=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_lead_images_sit_inside_the_article_and_fit_its_column(browser, demo_site, width):
    b = browser
    karachi = Article.objects.published().get(slug=KARACHI_SLUG).get_absolute_url()
    with b.window_width(width):
        for path in [ISLAMABAD, karachi]:
            b.get(path)
            image = assert_lead_image_fits(b, width)
            assert "Demo newsroom graphics desk" in image["caption"]
            assert_no_sideways_scrolling(b, width)
        b.screenshot(f"layout-story-with-lead-image-{width}", full_page=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_long_words_addresses_and_pictures_in_a_body_stay_in_the_column(
    browser, live_server, width
):
    b = browser
    picture = make_image(
        size=(2400, 1350), alt_text="A wide picture", credit="Staff", caption="Very wide."
    )
    address = "https://example.org/" + "a-very-long-path-segment-without-any-break" * 4
    story = story_in_state(
        "published",
        headline="Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
        "sanstalt reports",
        body=(
            f'<p>Read it at <a href="{address}">{address}</a>.</p>'
            f'<figure><img src="{picture.file.url}" alt="A wide picture" width="2400" '
            'height="1350"><figcaption>In the body.</figcaption></figure>'
            "<p>" + "x" * 300 + "</p>"
        ),
        lead_image=picture,
    )
    with b.window_width(width):
        b.get(story.get_absolute_url())
        b.find("h1")
        assert_lead_image_fits(b, width)
        body_image = b.find(".story-body figure img").rect
        assert body_image["x"] + body_image["width"] <= width
        assert_no_sideways_scrolling(b, width)
