"""Quote and source extraction for wire-style news stories.

Pure Python, no Django: ``extract(text)`` returns who said what in a plain-text story, following
the annotation rules in ``shared/stories/GUIDELINES.md``. The parts, each readable and testable
on its own:

- ``story``: input checks and the split into dateline and paragraphs;
- ``marks``: quotation marks paired into quoted spans;
- ``sentences``: words and sentences, each quotation one token;
- ``lexicon``: reporting verbs, titles and nouns for people and bodies, as data;
- ``phrases``: subject phrases read into people, anonymous sources, institutions, documents'
  owners, pronouns and roles;
- ``speakers``: each of those linked to the sources mentioned before (surnames, pronouns, roles);
- ``grammar``: the writer's syntax around a token: finite verbs, clauses, noun phrases,
  appositives, adjuncts;
- ``cues``: reporting cues (a speech verb or "according to" with its source) and their reported
  clauses;
- ``attribution``: the ordered rules (the sieve) that give each quotation its speaker, or none
  rather than a wrong one.

All work is a bounded scan over tokens, so time grows linearly with the story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importer.extraction import marks
from importer.extraction.attribution import Found, Paragraph
from importer.extraction.sentences import split_sentences, tokenize
from importer.extraction.speakers import Entity, Registry, kind_of
from importer.extraction.story import MAX_STORY_CHARS, ExtractionError, Story, split_story

__all__ = [
    "MAX_STORY_CHARS",
    "Extraction",
    "ExtractionError",
    "Quote",
    "Speaker",
    "Story",
    "extract",
    "split_story",
]

_MAX_WARNINGS = 50


@dataclass
class Speaker:
    key: str
    name: str | None
    title: str | None
    organisation: str | None
    kind: str
    anonymous_description: str | None

    def to_json_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "title": self.title,
            "organisation": self.organisation,
            "kind": self.kind,
            "anonymous_description": self.anonymous_description,
        }


@dataclass
class Quote:
    speaker: str
    text: str
    direct: bool
    paragraph: int
    start: int = field(default=0, compare=False)

    def to_json_dict(self) -> dict:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "direct": self.direct,
            "paragraph": self.paragraph,
        }


@dataclass
class Extraction:
    dateline: str | None
    paragraphs: int
    speakers: list[Speaker]
    quotes: list[Quote]
    warnings: list[str] = field(default_factory=list)

    def to_json_dict(self) -> dict:
        """The extraction in the schema of the gold annotations (paragraphs counted from 0)."""
        return {
            "dateline": self.dateline,
            "paragraphs": self.paragraphs,
            "speakers": [speaker.to_json_dict() for speaker in self.speakers],
            "quotes": [quote.to_json_dict() for quote in self.quotes],
        }


def extract(text: str) -> Extraction:
    """Who said what in a plain-text story. Raises ExtractionError for input that is no story."""
    story = split_story(text)
    warnings: list[str] = []

    def warn(message: str) -> None:
        if len(warnings) < _MAX_WARNINGS:
            warnings.append(message)
        elif len(warnings) == _MAX_WARNINGS:
            warnings.append("More problems with quotation marks were found and not listed.")

    registry = Registry()
    found: list[tuple[int, Found]] = []
    offset = 0
    last_speaker: Entity | None = None
    for number, paragraph in enumerate(story.body):
        following = story.body[number + 1] if number + 1 < len(story.body) else ""
        spans = marks.scan(paragraph, following, number + 1, warn)
        tokens = tokenize(paragraph, spans)
        sentences = split_sentences(tokens, paragraph, spans)
        results = Paragraph(paragraph, tokens, sentences, spans, registry, offset, last_speaker)
        paragraph_found = results.run()
        found.extend((number, item) for item in paragraph_found)
        if paragraph_found:
            last_speaker = max(paragraph_found, key=lambda item: item.start).entity
        offset += len(tokens) + 50  # a gap, so that reach is shorter across paragraphs
    return _assemble(story, found, warnings)


def _assemble(story: Story, found: list[tuple[int, Found]], warnings: list[str]) -> Extraction:
    """Number the speakers in order of their first quotation and drop repeated entries."""
    keys: dict[int, str] = {}
    speakers: list[Speaker] = []
    quotes: list[Quote] = []
    seen: set[tuple] = set()
    for number, item in sorted(
        found, key=lambda pair: (pair[0], pair[1].start, not pair[1].direct)
    ):
        text = story.body[number][item.start : item.end].strip()
        identity = (number, item.start, item.end, item.direct, id(item.entity))
        if not text or identity in seen:
            continue
        seen.add(identity)
        if id(item.entity) not in keys:
            keys[id(item.entity)] = f"s{len(keys) + 1}"
            speakers.append(_speaker(keys[id(item.entity)], item.entity))
        quotes.append(Quote(keys[id(item.entity)], text, item.direct, number, item.start))
    return Extraction(story.dateline, len(story.body), speakers, quotes, warnings)


def _speaker(key: str, entity: Entity) -> Speaker:
    if entity.kind == "institution":
        return Speaker(key, None, None, entity.organisation, "other", None)
    if entity.kind == "anonymous":
        return Speaker(
            key, None, entity.title, entity.organisation, "anonymous", entity.description
        )
    return Speaker(key, entity.name, entity.title, entity.organisation, kind_of(entity.title), None)
