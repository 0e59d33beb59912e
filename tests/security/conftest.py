"""Helpers shared by the security tests: the forms a leaked string could take."""

import html
import json
from urllib.parse import quote, quote_plus

from articles.models import Article
from articles.text import body_paragraphs
from sources.models import Source


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


def identity_secrets() -> dict[str, str]:
    person = Source.objects.get(slug="demo-confidential-person")
    assert person.name == "Demo Confidential Person"
    return {
        "identity name": person.name,
        "identity phone": person.phone,
        "identity phone digits": person.phone.split(" ", 1)[1],
        "identity email": person.email,
        "identity notes": person.private_notes,
    }


def hidden_story_secrets() -> tuple[dict[str, str], list[Article]]:
    hidden = list(Article.objects.exclude(pk__in=Article.objects.published()))
    states = {article.status for article in hidden}
    assert len(hidden) >= 7, states  # draft, in review, sent back, approved, scheduled, ...
    secrets = {}
    for article in hidden:
        secrets[f"{article.slug}: headline"] = article.headline
        secrets[f"{article.slug}: slug"] = article.slug
        secrets[f"{article.slug}: body"] = max(body_paragraphs(article.body), key=len)
    return secrets, hidden
