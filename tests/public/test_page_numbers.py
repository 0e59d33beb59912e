"""Every paginated public list reads its page number the same way: a page that cannot exist
answers 404, never a 500."""

from urllib.parse import quote

import pytest

from tests.public.conftest import DEMO_PAGES

pytestmark = pytest.mark.django_db

PAGINATED = [
    "/sections/pakistan/",
    "/topics/pakistan-russia-relations/",
    "/authors/sana-malik/",
    "/people/huma-baqai/",
    "/organisations/pakistan-foreign-ministry/",
    "/topics/?letter=p",
    "/people/",
    "/organisations/?letter=p",
    "/archive/2016/",
    "/archive/2016/12/",
    "/corrections/",
    "/search/?q=Pakistan",
]
ABSURD_OR_MALFORMED = [
    "99999999999999999999",
    "9223372036854775808",
    "100001",
    "0",
    "-1",
    "abc",
    "1.0",
    "1e3",
    "+2",
    " 2",
    "2_0",
    "\u0663",  # ARABIC-INDIC DIGIT THREE, which int() accepts
    "last",
]


def with_page(url: str, page: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}page={page}"


@pytest.mark.parametrize("url", PAGINATED)
@pytest.mark.parametrize("page", ABSURD_OR_MALFORMED)
def test_absurd_or_malformed_page_numbers_answer_404(client, demo_newsroom, url, page):
    assert client.get(with_page(url, quote(page))).status_code == 404


@pytest.mark.parametrize("url", PAGINATED)
def test_the_first_page_answers_with_or_without_its_number(client, demo_newsroom, url):
    assert url in DEMO_PAGES or url.startswith("/search/")
    assert client.get(url).status_code == 200
    assert client.get(with_page(url, "1")).status_code == 200
