"""The sourcing panel an editor reads before approving: who is quoted, and what looks wrong."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.text import body_paragraphs
from sources.models import Quote, Source

KIND_LABELS = {
    "official": "Named official",
    "spokesperson": "Spokesperson",
    "expert": "Expert or analyst",
    "institution": "Institution",
    "anonymous": "Anonymous",
    "other": "Other named person",
}


def normalise(text: str) -> str:
    """Compare words, not typography: curly and straight quotes alike, whitespace collapsed."""
    text = re.sub(r"[“”„\"]", '"', text or "")
    text = re.sub(r"[‘’‚']", "'", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> str:
    """Reported speech is checked by its words alone: case and punctuation may differ."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text or "").lower()).strip()


def in_body(quote: Quote, body_text: str) -> bool:
    """A direct quote stands in the body verbatim (``normalise``); reported speech word for word."""
    if quote.is_direct:
        return normalise(quote.text) in normalise(body_text)
    return _words(quote.text) in _words(body_text)


def not_in_body_message(quote: Quote) -> str:
    """Names the quote, its paragraph (counted from 1, as editors count) and its speaker."""
    text = quote.text if len(quote.text) <= 80 else quote.text[:79] + "…"
    where = f"¶{quote.paragraph + 1}"
    speaker = quote.attribution()
    if quote.is_direct:
        return (
            f"{where}: the direct quote “{text}” ({speaker}) is not in the body verbatim; "
            "correct the quote or the body."
        )
    return (
        f"{where}: the words of the reported quote “{text}” ({speaker}) are not in the body; "
        "correct the quote or the body."
    )


def quote_problems(article) -> list[str]:
    """Quotes whose words the story does not contain: they block approval and publication,
    because the speaker's public page would show words the story never reported."""
    if article.pk is None:
        return []
    body = " ".join(body_paragraphs(article.body))
    quotes = (
        Quote.objects.filter(article=article)
        .select_related("source", "organisation", "anonymous")
        .in_story_order()
    )
    return [not_in_body_message(quote) for quote in quotes if not in_body(quote, body)]


def kind_of(quote: Quote) -> str:
    if quote.anonymous_id:
        return "anonymous"
    if quote.organisation_id:
        return "institution"
    kind = quote.source.kind
    if kind in {Source.Kind.OFFICIAL, Source.Kind.POLITICIAN}:
        return "official"
    if kind == Source.Kind.SPOKESPERSON:
        return "spokesperson"
    if kind in {Source.Kind.EXPERT, Source.Kind.ANALYST}:
        return "expert"
    return "other"


@dataclass
class SourcingReport:
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    anonymous: int = 0
    speakers: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def anonymous_share(self) -> int:
        """Percentage of quotes from anonymous sources."""
        return round(100 * self.anonymous / self.total) if self.total else 0

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(kind, 0)) for kind, label in KIND_LABELS.items()]


def sourcing_report(article) -> SourcingReport:
    quotes = list(
        Quote.objects.filter(article=article)
        .select_related("source__organisation", "organisation", "anonymous")
        .in_story_order()
    )
    report = SourcingReport()
    if article.pk is None:
        return report
    body = " ".join(body_paragraphs(article.body))
    kinds = Counter()
    speakers = set()
    unexplained = set()
    for quote in quotes:
        kind = kind_of(quote)
        kinds[kind] += 1
        speakers.add((quote.source_id, quote.organisation_id, quote.anonymous_id))
        where = f"¶{quote.paragraph + 1}"
        if quote.anonymous_id and not (quote.anonymous.reason or "").strip():
            report.warnings.append(f"{where}: anonymous quote without a reason for anonymity.")
        if (
            quote.anonymous_id
            and not quote.anonymous.public_reason.strip()
            and quote.anonymous_id not in unexplained
        ):
            unexplained.add(quote.anonymous_id)
            report.warnings.append(
                f"{where}: readers are not told why “{quote.anonymous.description}” is not "
                "named; give the anonymous source a reason for readers."
            )
        if not in_body(quote, body):
            report.warnings.append(f"{not_in_body_message(quote)} It blocks approval.")
        if quote.source_id:
            title = quote.speaker_title or quote.source.title
            affiliation = quote.speaker_organisation or quote.source.organisation_id
            if not (title or affiliation):
                report.warnings.append(
                    f"{where}: {quote.source.public_name} is named without a title or affiliation."
                )
    report.counts = dict(kinds)
    report.total = len(quotes)
    report.anonymous = kinds["anonymous"]
    report.speakers = len(speakers)
    if report.speakers == 1:
        report.warnings.append("The story rests on a single source.")
    return report
