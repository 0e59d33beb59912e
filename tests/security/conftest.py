"""Helpers shared by the security tests: the forms a leaked string could take."""

import html
import json
from urllib.parse import quote, quote_plus


def leak_forms(text: str) -> set[str]:
    """Raw, HTML-escaped, JSON-escaped and URL-encoded forms of ``text``."""
    return {
        text,
        html.escape(text),
        html.escape(text, quote=False),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
        quote(text),
        quote_plus(text),
    }


def find_leaks(body: str, secrets: dict[str, str]) -> list[str]:
    """The labels of the secrets that appear in ``body`` in any form (case-insensitively)."""
    lowered = body.lower()
    return [
        label
        for label, secret in secrets.items()
        if any(form.lower() in lowered for form in leak_forms(secret))
    ]
