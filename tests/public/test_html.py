"""Every public page is well-formed HTML5 (html5lib in strict mode) and meets basic a11y rules.

This is the in-process floor; ``make check-html`` runs the Nu HTML Checker and axe-core in
headless Chromium against the running demo site.
"""

import html5lib
import pytest

from articles.models import Correction
from tests.public.conftest import DEMO_PAGES

pytestmark = pytest.mark.django_db

PAGES = [
    *DEMO_PAGES,
    "/search/?q=nothing+matches+this",
    "/no-such-page/",
]


def parse_strictly(content: bytes):
    parser = html5lib.HTMLParser(
        strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
    )
    return parser.parse(content)


@pytest.mark.parametrize("url", PAGES)
def test_public_page_is_valid_and_accessible(client, demo_newsroom, url):
    Correction.objects.filter(article__slug__startswith="washington").delete()
    response = client.get(url)
    assert response.status_code in (200, 404)
    document = parse_strictly(response.content)  # raises on any parse error

    assert document.get("lang")
    body = document.find("body")
    ids = [node.get("id") for node in document.iter() if node.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"

    skip = body.find("a")
    assert skip.get("class") == "skip-link"
    assert skip.get("href").lstrip("#") in ids

    assert len(body.findall(".//header")) >= 1
    assert len(body.findall(".//main")) == 1
    assert len(body.findall(".//footer")) >= 1
    for nav in body.iter("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby"), "unlabelled nav"

    headings = [
        int(node.tag[1]) for node in body.iter() if node.tag in {f"h{n}" for n in range(1, 7)}
    ]
    assert headings.count(1) == 1, headings
    assert headings[0] == 1
    for previous, current in zip(headings, headings[1:], strict=False):
        assert current <= previous + 1, f"heading level skips: {headings}"

    for image in body.iter("img"):
        assert image.get("alt") is not None
    labels = {label.get("for") for label in body.iter("label")}
    for field in body.iter("input"):
        if field.get("type") not in {"hidden", "submit"}:
            assert field.get("id") in labels or field.get("aria-label"), "unlabelled input"
    for link in body.iter("a"):
        assert "".join(link.itertext()).strip() or link.get("aria-label"), "empty link"
