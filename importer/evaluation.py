"""Score the extractor on real news stories with the project's shared scorer.

The measure is ``shared/quotes/dev/``: 25 Wikinews stories annotated by hand by people who never
saw the extractor. Each is scored by ``shared/quotes/score.py`` (imported, not re-implemented):
a quote counts only with the right speaker. The Islamabad story of the demo newsroom is scored
beside them. The stories in ``importer/evalset/`` were written alongside the rules; they test
single patterns and are no measure of the extractor (see importer/README.md).

Pure Python, no Django: the management command and the tests only call into it.
"""

from __future__ import annotations

import importlib.util
import json
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from importer.extraction import extract

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"
QUOTES_DIR = SHARED_DIR / "quotes"
DEV_DIR = QUOTES_DIR / "dev"
UNANNOTATED_DIR = QUOTES_DIR / "unannotated"
SCORER_PATH = QUOTES_DIR / "score.py"
SHARED_STORIES_DIR = SHARED_DIR / "stories"
ISLAMABAD = SHARED_STORIES_DIR / "islamabad-pak-russia-ties.txt"
EVALSET_DIR = Path(__file__).resolve().parent / "evalset"

BENCHMARK_WORDS = 20_000


class MissingData(FileNotFoundError):
    """The shared stories or the scorer are not where the project expects them."""


@cache
def scorer() -> ModuleType:
    """The shared scorer, ``shared/quotes/score.py``, loaded as a module."""
    if not SCORER_PATH.is_file():
        raise MissingData(f"{SCORER_PATH} is not present: the shared data are needed to score.")
    spec = importlib.util.spec_from_file_location("shared_quote_scorer", SCORER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Counts:
    """Quotes predicted with the right speaker, predicted, and in the gold annotation."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct + other.correct,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


@dataclass
class StoryScore:
    name: str
    direct: Counts
    reported: Counts
    milliseconds: float


def score_story(name: str, story_path: Path, gold_path: Path) -> StoryScore:
    """Extract one story and score it against its gold annotation with the shared scorer."""
    text = story_path.read_text(encoding="utf-8-sig")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    predicted = extract(text).to_json_dict()
    milliseconds = (time.perf_counter() - started) * 1000
    tally = scorer().score(gold, predicted)
    return StoryScore(name, Counts(*tally[True]), Counts(*tally[False]), milliseconds)


def story_paths(directory: Path) -> list[tuple[str, Path, Path]]:
    """(name, story, gold) for every annotated story of a folder in the dev set's layout: each
    ``NAME.json`` gold annotation beside its ``NAME.txt`` story."""
    if not directory.is_dir():
        raise MissingData(f"{directory} is not a folder of annotated stories.")
    paths = [
        (gold.stem, gold.with_suffix(".txt"), gold)
        for gold in sorted(directory.glob("*.json"))
        if gold.with_suffix(".txt").is_file()
    ]
    if not paths:
        raise MissingData(f"{directory} holds no NAME.json annotation beside a NAME.txt story.")
    return paths


def dev_paths() -> list[tuple[str, Path, Path]]:
    """(name, story, gold) for every story of the dev set."""
    if not DEV_DIR.is_dir():
        raise MissingData(f"{DEV_DIR} is not present: the shared data are needed to score.")
    return story_paths(DEV_DIR)


def evalset_paths() -> list[tuple[str, Path, Path]]:
    """(name, story, gold) for the stories the project wrote itself, tests of single patterns."""
    return [
        (
            gold.name.removesuffix(".gold.json"),
            gold.with_name(gold.name.replace(".gold.json", ".txt")),
            gold,
        )
        for gold in sorted(EVALSET_DIR.glob("*.gold.json"))
    ]


def evaluate(paths: list[tuple[str, Path, Path]]) -> list[StoryScore]:
    return [score_story(name, story, gold) for name, story, gold in paths]


def total(scores: list[StoryScore], name: str) -> StoryScore:
    """Figures summed over several stories, as the shared scorer sums them."""
    direct, reported = Counts(), Counts()
    for score in scores:
        direct, reported = direct + score.direct, reported + score.reported
    return StoryScore(name, direct, reported, sum(score.milliseconds for score in scores))


def islamabad_score() -> StoryScore:
    gold = ISLAMABAD.with_name("islamabad-pak-russia-ties.gold.json")
    if not gold.is_file():
        raise MissingData(f"{gold} is not present: the shared data are needed to score.")
    return score_story("islamabad-pak-russia-ties", ISLAMABAD, gold)


def benchmark_story(words: int = BENCHMARK_WORDS) -> str:
    """A long story of real copy: the dev and unannotated stories, paragraph after paragraph,
    until it has ``words`` words."""
    paragraphs: list[str] = []
    count = 0
    sources = sorted(DEV_DIR.glob("*.txt")) + sorted(UNANNOTATED_DIR.glob("*.txt"))
    for path in (path for path in sources if not path.name.endswith(".source.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            paragraphs.append(paragraph.strip())
            count += len(paragraph.split())
            if count >= words:
                return "\n\n".join(paragraphs)
    if not paragraphs:
        raise MissingData(f"{DEV_DIR} is not present: the shared data are needed to benchmark.")
    return "\n\n".join(paragraphs)


def benchmark(words: int = BENCHMARK_WORDS, runs: int = 3) -> tuple[int, float]:
    """(words, best of ``runs`` seconds) to extract a story of about ``words`` words."""
    text = benchmark_story(words)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - started)
    return len(text.split()), best


def format_table(
    scores: list[StoryScore], islamabad: StoryScore | None = None, label: str = "dev set"
) -> str:
    """Per story, the set's total, and the Islamabad story: P and R of direct and reported."""
    header = (
        f"{'story':<42} {'direct P':>8} {'R':>5} {'right/pred/gold':>16}  "
        f"{'reported P':>10} {'R':>5} {'right/pred/gold':>16}  {'ms':>6}"
    )
    rule = "-" * len(header)

    def row(score: StoryScore) -> str:
        d, r = score.direct, score.reported
        return (
            f"{score.name[:42]:<42} {d.precision:>8.2f} {d.recall:>5.2f} "
            f"{f'{d.correct}/{d.predicted}/{d.gold}':>16}  {r.precision:>10.2f} {r.recall:>5.2f} "
            f"{f'{r.correct}/{r.predicted}/{r.gold}':>16}  {score.milliseconds:>6.1f}"
        )

    lines = [header, rule, *(row(score) for score in scores), rule]
    lines.append(row(total(scores, f"{label} total ({len(scores)} stories)")))
    if islamabad is not None:
        lines.append(row(islamabad))
    return "\n".join(lines)
