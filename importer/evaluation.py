"""Score the extractor against gold annotations, as GUIDELINES.md "Scoring" describes.

A predicted quote matches a gold quote when their words are the same (whitespace and quotation-mark
style normalised), both are direct or both are reported, and the speaker is right: the same surname
for a named person, anonymous for an anonymous source, an unnamed institution sharing words of the
organisation for an institution. Title and organisation are not scored. Each gold quote is matched
at most once.

Pure Python, no Django: the management command and the tests only call into it.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from importer.extraction import extract

EVALSET_DIR = Path(__file__).resolve().parent / "evalset"
SHARED_STORIES_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "stories"

_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_ORG_STOPWORDS = frozenset(["the", "of", "and", "for", "a", "an", "in", "on", "at", "to", "'s"])


def normalise(text: str) -> str:
    """Quote text for comparison: one quotation-mark style, single spaces."""
    return " ".join(text.translate(_MARKS).split())


def _surname(name: str) -> str:
    words = re.findall(r"[^\W\d_][\w'-]*", name.lower())
    return words[-1] if words else ""


def _org_words(organisation: str | None) -> set[str]:
    words = re.findall(r"[^\W\d_][\w-]*", (organisation or "").lower())
    return {word for word in words if word not in _ORG_STOPWORDS}


def same_speaker(gold: dict, predicted: dict) -> bool:
    """Whether a predicted speaker is right for a gold speaker, under the scoring rules."""
    if gold.get("name"):
        return bool(predicted.get("name")) and _surname(gold["name"]) == _surname(predicted["name"])
    if gold.get("kind") == "anonymous":
        return predicted.get("kind") == "anonymous"
    return (
        not predicted.get("name")
        and predicted.get("kind") != "anonymous"
        and bool(_org_words(gold.get("organisation")) & _org_words(predicted.get("organisation")))
    )


@dataclass
class Counts:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class StoryScore:
    name: str
    direct: Counts
    reported: Counts
    milliseconds: float
    misses: list[str] = field(default_factory=list)


def _match(gold: dict, predicted: dict, direct: bool) -> tuple[Counts, list[str]]:
    gold_speakers = {speaker["key"]: speaker for speaker in gold["speakers"]}
    predicted_speakers = {speaker["key"]: speaker for speaker in predicted["speakers"]}
    gold_quotes = [quote for quote in gold["quotes"] if quote["direct"] is direct]
    predicted_quotes = [quote for quote in predicted["quotes"] if quote["direct"] is direct]
    unmatched = list(range(len(gold_quotes)))
    true_positives = 0
    misses = []
    for quote in predicted_quotes:
        text = normalise(quote["text"])
        speaker = predicted_speakers[quote["speaker"]]
        for position, index in enumerate(unmatched):
            candidate = gold_quotes[index]
            if normalise(candidate["text"]) == text and same_speaker(
                gold_speakers[candidate["speaker"]], speaker
            ):
                true_positives += 1
                del unmatched[position]
                break
        else:
            misses.append(f"  extra  ¶{quote['paragraph'] + 1} {_label(speaker)}: {quote['text']}")
    for index in unmatched:
        quote = gold_quotes[index]
        speaker = gold_speakers[quote["speaker"]]
        misses.append(f"  missed ¶{quote['paragraph'] + 1} {_label(speaker)}: {quote['text']}")
    kind = "direct" if direct else "reported"
    return Counts(true_positives, len(predicted_quotes), len(gold_quotes)), [
        f"{kind}{miss}" for miss in misses
    ]


def _label(speaker: dict) -> str:
    return (
        speaker.get("name")
        or speaker.get("anonymous_description")
        or str(speaker.get("organisation"))
    )


def score_story(name: str, text: str, gold: dict) -> StoryScore:
    """Extract one story and score it against its gold annotation."""
    started = time.perf_counter()
    predicted = extract(text).to_json_dict()
    milliseconds = (time.perf_counter() - started) * 1000
    direct, direct_misses = _match(gold, predicted, True)
    reported, reported_misses = _match(gold, predicted, False)
    return StoryScore(name, direct, reported, milliseconds, direct_misses + reported_misses)


def story_paths(include_shared: bool = True) -> list[tuple[str, Path, Path]]:
    """(name, story, gold) for the shared Islamabad story (when present) and the evaluation set."""
    found = []
    if include_shared and SHARED_STORIES_DIR.is_dir():
        for gold_path in sorted(SHARED_STORIES_DIR.glob("*.gold.json")):
            story_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
            if story_path.is_file():
                found.append((story_path.stem, story_path, gold_path))
    for gold_path in sorted(EVALSET_DIR.glob("*.gold.json")):
        story_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        if story_path.is_file():
            found.append((f"evalset/{story_path.stem}", story_path, gold_path))
    return found


def evaluate(paths: list[tuple[str, Path, Path]] | None = None) -> list[StoryScore]:
    """Score every story; see ``story_paths`` for the default set."""
    scores = []
    for name, story_path, gold_path in story_paths() if paths is None else paths:
        text = story_path.read_text(encoding="utf-8-sig")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        scores.append(score_story(name, text, gold))
    return scores


def total(scores: list[StoryScore], name: str = "overall") -> StoryScore:
    """Micro-averaged figures over several stories."""
    direct, reported = Counts(), Counts()
    for score in scores:
        direct += score.direct
        reported += score.reported
    return StoryScore(name, direct, reported, sum(score.milliseconds for score in scores))


def format_table(scores: list[StoryScore]) -> str:
    """A plain-text table: per story, then the evaluation set and everything together."""
    header = (
        f"{'story':<36} {'direct P':>8} {'R':>5} {'F1':>5} {'n':>4}  "
        f"{'reported P':>10} {'R':>5} {'F1':>5} {'n':>4}  {'ms':>6}"
    )
    lines = [header, "-" * len(header)]

    def row(score: StoryScore) -> str:
        d, r = score.direct, score.reported
        return (
            f"{score.name[:36]:<36} {d.precision:>8.2f} {d.recall:>5.2f} {d.f1:>5.2f} {d.gold:>4}  "
            f"{r.precision:>10.2f} {r.recall:>5.2f} {r.f1:>5.2f} {r.gold:>4}  "
            f"{score.milliseconds:>6.1f}"
        )

    lines.extend(row(score) for score in scores)
    lines.append("-" * len(header))
    for label, members in story_groups(scores):
        lines.append(row(total(members, f"{label} (micro)")))
    evalset = [score for score in scores if score.name.startswith("evalset/")]
    if evalset and len(evalset) != len(scores):
        lines.append(row(total(evalset, "evalset (micro)")))
    lines.append(row(total(scores, "all stories (micro)")))
    return "\n".join(lines)


GROUPS = (
    ("held-out", "evalset/heldout-"),
    ("blind", "evalset/blind-"),
    ("blind2", "evalset/blind2-"),
)


def story_groups(scores: list[StoryScore]) -> list[tuple[str, list[StoryScore]]]:
    """The evaluation set split into the original stories and the later held-out, blind and
    second-round blind stories (file names prefixed ``heldout-``, ``blind-`` and ``blind2-``),
    each group that has stories."""
    groups = {label: [] for label, _ in GROUPS}
    original = []
    for score in scores:
        for label, prefix in GROUPS:
            if score.name.startswith(prefix):
                groups[label].append(score)
                break
        else:
            if score.name.startswith("evalset/"):
                original.append(score)
    found = [("evalset original", original)] if original and any(groups.values()) else []
    return found + [(label, members) for label, members in groups.items() if members]
