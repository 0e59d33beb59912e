"""Helpers for the API tests: the ninjs 2.2 validator, and every API address the demo offers."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

NINJS_SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared" / "standards" / "ninjs-schema_2.2.json"
)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The tests read many addresses from one client; tests of the limit set their own."""
    settings.NEWSROOM_API_RATE_LIMIT = "off"


@pytest.fixture(scope="session")
def ninjs_validator():
    """Draft 2020-12 with formats checked: without rfc3986-validator and rfc3339-validator
    installed, ``uri`` and ``date-time`` would silently pass whatever they hold."""
    if not NINJS_SCHEMA.is_file():
        pytest.skip(f"{NINJS_SCHEMA} is not present (it is provided in CI)")
    checker = Draft202012Validator.FORMAT_CHECKER
    assert {"uri", "date-time"} <= set(checker.checkers)
    schema = json.loads(NINJS_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=checker)


def assert_valid_ninjs(validator, item: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(item)]
    assert errors == [], item.get("uri")


def every_page(client, url: str) -> list[dict]:
    """The items of a list, following ``next`` to the end."""
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        data = response.json()
        assert set(data) == {"items", "next"}
        items += data["items"]
        url = data["next"]
    return items
