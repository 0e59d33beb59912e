"""Quote and source extraction for wire-style news stories.

Pure Python, no Django: ``extract(text)`` returns who said what in a plain-text story, following the
annotation rules in ``shared/stories/GUIDELINES.md``.

How it works, in four passes over each paragraph:

1. **Quotation marks** are paired by a single left-to-right scan (curly and straight double marks).
   Unclosed marks never raise: they are recovered or ignored and reported in ``warnings``.
2. The paragraph is **masked**: the words inside quotation marks are replaced by ``_`` so that the
   grammar below only ever sees the writer's own words, with offsets unchanged.
3. The masked text is cut into **sentences**, and in each sentence every reporting verb is examined
   for an attribution: "X said (that) CLAUSE", "CLAUSE, X said", "“Q,” said X, a TITLE",
   "according to X", ", adding that CLAUSE".
4. Each **subject** is turned into a source: a named person (titles and honorifics split off), an
   anonymous person or group, or an institution; pronouns, surnames and "the official" are linked to
   the most recently mentioned matching source.

Every regular expression is a literal alternation or a simple character class with no nested
quantifiers, and all other work is a bounded scan, so time is linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import islice

MAX_STORY_CHARS = 200_000
"""Longest story accepted, in characters. Longer input is almost certainly not one story."""

# Bounds that keep the work linear on pathological input; real wire copy is far inside them.
_MAX_SENTENCE_CHARS = 5_000  # longer "sentences" are not searched for attributions
_MAX_VERBS_PER_SENTENCE = 12
_MAX_SUBJECT_CHARS = 300
_RECENT_WINDOW = 60
_MAX_WARNINGS = 50

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


class ExtractionError(ValueError):
    """The input cannot be treated as a story (empty, binary, or too long)."""


# ---------------------------------------------------------------------------------------------
# Public data types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """A story split into paragraphs.

    ``paragraphs`` are the paragraphs as written (the first one still starts with the dateline);
    ``body`` is the same list with the dateline removed from the first paragraph. Indices are the
    same in both.
    """

    dateline: str | None
    paragraphs: list[str]
    body: list[str]

    @property
    def lead(self) -> str:
        """The first paragraph without its dateline."""
        return self.body[0] if self.body else ""


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
        """The extraction in the schema of the gold annotations."""
        return {
            "dateline": self.dateline,
            "paragraphs": self.paragraphs,
            "speakers": [speaker.to_json_dict() for speaker in self.speakers],
            "quotes": [quote.to_json_dict() for quote in self.quotes],
        }


# ---------------------------------------------------------------------------------------------
# Input checks and story splitting
# ---------------------------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DATELINE = re.compile(
    # the place, in capitals: "ISLAMABAD", "WASHINGTON, D.C.", "SÃO PAULO"
    r"([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’]*(?:[ ,]{1,3}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’]*){0,4})"
    # a region or country: "KYIV, Ukraine", "GARY, Ind."
    r"(?:,[ \u00a0][A-Z][a-z.]+(?:[ \u00a0][A-Z][a-z.]+)?)?"
    # a date: "LONDON, March 3"
    r"(?:,?[ \u00a0](?:" + _MONTHS + r")[a-z]*\.?[ \u00a0][0-9]{1,2})?"
    # an agency: "(Reuters)", "(AP)"
    r"(?:[ \u00a0]?\([A-Za-z-]{1,12}\))?"
    r"[ \t\u00a0]*[-–—]{1,2}[ \t\u00a0]+"
)
_DATELINE_WINDOW = 80


def _check_text(text: str) -> str:
    if not isinstance(text, str):
        raise ExtractionError(f"Expected the story as text (str), got {type(text).__name__}.")
    if len(text) > MAX_STORY_CHARS:
        raise ExtractionError(
            f"The story is {len(text):,} characters long; the limit is {MAX_STORY_CHARS:,}."
        )
    if "\x00" in text:
        raise ExtractionError("The input contains NUL bytes: it looks like binary data, not text.")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ExtractionError("The story is empty.")
    controls = sum(
        1 for char in text if char not in "\n\r\t\f" and unicodedata.category(char) == "Cc"
    )
    if controls > max(8, len(text) // 20):
        raise ExtractionError(
            f"The input has {controls} control characters: it does not look like text."
        )
    return text


def split_story(text: str) -> Story:
    """Split a plain-text story into its dateline and paragraphs.

    Line endings are normalised, a byte-order mark is dropped, and paragraphs are separated by
    blank lines. The dateline is the upper-case place name and dash that open the story
    ("ISLAMABAD - ", "NEW DELHI – ", "WASHINGTON, D.C. — "), possibly with a region or country, a
    date and an agency ("KYIV, Ukraine — ", "LONDON, March 3 (Reuters) - "), of which only the
    place is kept; it is ``None`` when there is none.
    """
    text = _check_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for chunk in _PARAGRAPH_BREAK.split(text.strip()):
        paragraph = " ".join(line.strip() for line in chunk.split("\n") if line.strip())
        if paragraph:
            paragraphs.append(paragraph)
    if not paragraphs:
        raise ExtractionError("The story is empty.")
    dateline = None
    body = list(paragraphs)
    match = _DATELINE.match(paragraphs[0][:_DATELINE_WINDOW])
    if match and sum(char.isalpha() for char in match.group(1)) >= 2:
        dateline = match.group(1).strip(" ,")
        body[0] = paragraphs[0][match.end() :]
    return Story(dateline=dateline, paragraphs=paragraphs, body=body)


# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_REPORTING = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "add": ("add", "adds", "added", "adding"),
    "state": ("states", "stated", "stating"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "note": ("notes", "noted", "noting"),
    "reveal": ("reveal", "reveals", "revealed", "revealing"),
    "report": ("report", "reports", "reported", "reporting"),
    "indicate": ("indicate", "indicates", "indicated", "indicating"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "warn": ("warn", "warns", "warned", "warning"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "write": ("write", "writes", "wrote", "writing"),
    "deny": ("deny", "denies", "denied", "denying"),
    "contend": ("contend", "contends", "contended", "contending"),
    "conclude": ("conclude", "concludes", "concluded", "concluding"),
    "estimate": ("estimate", "estimates", "estimated", "estimating"),
    "declare": ("declare", "declares", "declared", "declaring"),
}
# Verbs that attribute a direct quotation ("“Q,” she explained") but whose content clause is not
# reported speech under the guidelines.
_QUOTE_ONLY = (
    "asked", "asks", "explained", "explains", "argued", "argues", "replied", "replies", "stressed",
    "stresses", "recalled", "recalls", "continued", "continues", "admitted", "admits",
    "acknowledged", "complained", "urged", "urges", "wondered", "joked", "laughed", "shouted",
    "told", "remarked", "observed", "explained", "alleged", "alleges", "maintained", "maintains",
    "asserted", "asserts", "emphasised", "emphasized", "emphasises", "emphasizes", "lamented",
    "regretted", "cautioned", "quipped", "observing", "remarking", "stressing", "emphasising",
    "emphasizing", "asserting", "alleging", "maintaining", "lamenting", "arguing", "explaining",
)  # fmt: skip
_LEMMA: dict[str, str] = {form: lemma for lemma, forms in _REPORTING.items() for form in forms}
_VERB = re.compile(
    r"\b(?:(point(?:s|ed|ing)?\s+out)|("
    + "|".join(sorted(set(_LEMMA) | set(_QUOTE_ONLY), key=len, reverse=True))
    + r"))\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")

# The writer's comment on the news after a clause that follows its verb: "said he will run for
# governor, ending months of speculation" (before the verb it is the source's: "The bank kept
# rates on hold, signalling that cuts were some way off, its governor said").
_COMMENT_CUT = re.compile(
    r", (?:ending|marking|signalling|signaling|sparking|prompting|triggering|underscoring)\b"
)

# Coordinated verbs that end a reported clause: "said X and urged the union to…".
_CLAUSE_CUT = re.compile(
    r",? (?:and|but) (?:also )?(?:urged|asked|called|accused|demanded|hoped|rejected|dismissed|condemned|"
    r"denounced|appealed|vowed|promised|refused|threatened|criticised|criticized|welcomed|"
    r"praised|added|said|warned|insisted|noted|stressed|declined)\b"
    # a participle of the writer's: "said they expected rates to fall, citing weak data"
    r"|, (?:citing|blaming)\b"
    # a second predicate of the writer's: "said the collapse was “unacceptable”, but backed …"
    r"|, (?:and|but) [a-z]+ed (?:his|her|their|its|the)\b"
)

_FINITE = _wordset(
    "is are was were be been am has have had will would can could should shall may might must "
    "do does did won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't "
    "hadn't wouldn't couldn't shouldn't went came took made got gave knew thought saw found left "
    "lost kept held led met paid put ran sent spent stood told won wrote began became brought "
    "built chose fell felt grew heard hit hurt laid meant rose set shut sold spoke struck "
    "understood remain remains faced face faces rely relies produces produce accounted showed "
    "needs need wants want says said "
    # irregular past tenses that are not also common nouns: "the authorities woke up …"
    "woke awoke arose broke drove flew fought caught taught bought threw wore tore swore sank "
    "rang sang drank shook forgot froze rode stole fled dealt slept swept wept sought overtook "
    "withdrew undertook"
)
_NOT_ED_VERBS = _wordset("need speed red bed hundred seed feed breed united indeed")

# A later "the judge" or "the lawyer" refers to a person introduced by a formal title.
_ROLE_SYNONYMS = {
    "justice": ("judge",),
    "advocate": ("lawyer",),
    "counsel": ("lawyer",),
    "attorney": ("lawyer",),
    "spokesman": ("spokesperson",),
    "spokeswoman": ("spokesperson",),
}

_PRONOUNS = {"he": "m", "she": "f", "it": None, "they": None, "we": None, "i": None}
_HONORIFICS = _wordset("dr dr. mr mr. mrs mrs. ms ms. miss sir dame prof prof.")
_TITLE_WORDS = (
    _wordset(
        "minister secretary spokesman spokeswoman spokesperson senator president governor mayor "
        "chairman chairwoman chair director ambassador commissioner general admiral marshal "
        "colonel captain lieutenant commander commodore brigadier judge justice chief officer "
        "king queen prince sheikh imam bishop reverend rev mp lawmaker representative rep sen gov "
        "gen lt col capt superintendent inspector sergeant deputy vice prime premier chancellor "
        "envoy adviser advisor economist analyst expert lawyer triathlete athlete coach physician "
        "doctor scientist researcher professor lecturer editor commentator attorney counsel "
        "congressman congresswoman executive ceo founder head leader rear air "
        # South Asian legislators and police ranks: "MNA", "SSP East Irfan Baloch"
        "mna mpa mla ssp sp dig igp aig sho dsp"
    )
    | _HONORIFICS
)
_PERSON_HEADS = _wordset(
    "official officials officer officers spokesman spokeswoman spokesperson spokespeople diplomat "
    "diplomats source sources analyst analysts expert experts worker workers critic critics "
    "organiser organisers organizer organizers herder herders resident residents witness "
    "witnesses commissioner governor mayor minister ministers director officer aide aides "
    "adviser advisers advisor advisors people person member members negotiator negotiators "
    "importer importers exporter exporters trader traders farmer farmers activist activists "
    "lawyer lawyers doctor doctors economist economists executive executives insider insiders "
    "observer observers commander commanders envoy envoys ambassador representative "
    "representatives employee employees staff engineer engineers scientist scientists teacher "
    "teachers student students survivor survivors villager villagers parent parents relative "
    "relatives neighbour neighbours driver drivers passenger passengers commuter commuters "
    "one someone man woman men women lawmaker lawmakers legislator legislators secretary "
    "president chairman investigator investigators prosecutor prosecutors officer partner "
    "partners colleague colleagues friend friends owner owners manager managers investor "
    "investors banker bankers dealer dealers fan fans supporter supporters player players "
    "victim victims customer customers shopper shoppers patient patients nurse nurses "
    "soldier soldiers protester protesters protestor protestors judge judges coach captain "
    "advocate counsel"
)
_GENERIC_HEADS = _wordset(
    "source sources people person critics critic organisers organizers herders residents "
    "witnesses someone one"
)
_ORG_WORDS = _wordset(
    "ministry department office government agency authority administration commission committee "
    "council union association federation confederation group institute foundation organisation "
    "organization bank company firm corporation embassy mission court parliament police army "
    "military party board bureau service trust centre center exchange survey chamber programme "
    "media newspaper broadcaster inc inc. ltd ltd. plc corp corp. llc body "
    # words of company names: "Tohoku Electric Power", "Hi Investment & Securities"
    "power electric energy motors airlines airways holdings industries securities capital "
    "petroleum telecom communications technologies pharmaceuticals insurance railways "
    "program fund house secretariat cabinet presidency regulator watchdog network alliance "
    "coalition club university school hospital consulate prefecture municipality directorate "
    "inspectorate observatory states nations kingdom emirates republic ministries departments "
    "governments agencies authorities groups unions associations companies firms"
)
_DOC_WORDS = _wordset(
    "statement report notice figures data letter document study memo release note filing post "
    "website assessment analysis communique communiqué readout transcript"
)
_DETERMINERS = _wordset(
    "a an the another one two three four five six several some many other few this these those "
    "his her its their our my your"
)
_LEADING_ADVERBS = _wordset(
    "but and meanwhile however also so yet still then later earlier separately instead "
    "similarly likewise moreover furthermore"
)
_PREPOSITIONS = _wordset(
    "in at on during after before from with by for to under as if when while because although "
    "since until near across into over through after among between according outside inside"
)
_ADJUNCT_STARTS = _wordset(
    "monday tuesday wednesday thursday friday saturday sunday on in at during from late later earlier yesterday today last this again also privately "
    "publicly separately repeatedly recently previously further then via through afterwards "
    "before after when while as still"
)
_AUX = _wordset(
    "has have had would will also has had long further again repeatedly previously later earlier "
    "then privately publicly had also recently once already now however too separately "
    "reportedly"
)
_PARTICLES = _wordset("de van von bin bint al el da del du la le ul ibn di der den ter")
_NAME_PREFIXES = _wordset("al el ad as ash at az ibn abu abd bin")
_FEMALE_WORDS = _wordset(
    "spokeswoman woman mother wife daughter sister mrs mrs. ms ms. miss chairwoman "
    "businesswoman congresswoman grandmother widow"
)
_MALE_WORDS = _wordset(
    "spokesman man father husband son brother mr mr. chairman businessman congressman "
    "grandfather widower"
)
_TIME_TAIL = re.compile(
    r"(?:\s+(?:late |early |earlier |later )?on (?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)|\s+(?:yesterday|today|earlier|later|also|again|too|however))$"
)

# "A police official requesting anonymity": the participle describes the source, it is not
# part of the name of its body.
_ANONYMITY_TAIL = re.compile(
    r",? (?:requesting|seeking|speaking on condition of|on condition of|who requested|"
    r"who asked not to be named|asking not to be|declining to be|wishing to remain) "
    r"(?:anonymity|named|identified|anonymous)$"
)

_INTRODUCING_WORDS = (
    _PERSON_HEADS
    | _MALE_WORDS
    | _FEMALE_WORDS
    | _wordset("teammate colleague friend partner rival coach deputy")
    # a title before a name: "Senator Mark Whitaker, a Republican, called for …"
    | (_TITLE_WORDS - _wordset("air rear general vice head chief"))
)
# A business named after its description: "lender Northgate Bank", "refinery, Eko Petroleum";
# "the company" later refers to it.
_COMPANY_NOUNS = _wordset(
    "company firm lender bank refinery carrier airline insurer retailer miner producer maker "
    "operator group club brokerage manufacturer developer conglomerate automaker carmaker "
    "chipmaker"
)
_OUTLET_NOUNS = _wordset(
    "pollster broadcaster newspaper daily agency watchdog regulator website network channel outlet"
)
_COMPANY_MENTION = re.compile(r"\b(?:" + "|".join(sorted(_COMPANY_NOUNS)) + r"),? (?=[A-Z])")
# "Daniel Reyes, 47, …": a name followed by an age is a person.
_AGED_NAME = re.compile(r"\b([A-Z][\w'’-]+ [A-Z][\w'’-]+), [0-9]{1,3},")

_OPENERS = "“„«"
_CLOSERS = "”»"
_STRAIGHT = '"'


# ---------------------------------------------------------------------------------------------
# Pass 1: quotation marks
# ---------------------------------------------------------------------------------------------


@dataclass
class _Span:
    open_at: int  # index of the opening mark
    start: int  # first character of the quoted words
    end: int  # one past the last quoted character
    close_at: int | None  # index of the closing mark, None if recovered or continued
    continued: bool = False  # an unclosed quote carried on into the next paragraph
    name_like: bool = False  # quoted name of an event or document, or a scare quote

    @property
    def block_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


_RECOVERY_CUT = re.compile(
    r",[ \u00a0]+(?:(?:said|added|says|told)\b|(?:he|she|they|the \w+|[A-Z][\w'’.-]*)"
    r"(?: [A-Z][\w'’.-]*){0,3} (?:said|added|says|told)\b)"
)


def _looks_opening(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/") and not after.isspace()


def _scan_quotes(paragraph: str, next_paragraph: str, number: int, warn):
    """Pair quotation marks in one paragraph.

    A stray closing mark is ignored. An opening mark that is never closed is, in order: a quote
    continued into the next paragraph (the wire convention: the paragraph starts with the mark and
    the next one opens again), a quote whose closing mark was dropped before its attribution
    ("“Now we have four, said Halima Wario"), or a stray mark that is left in the text.
    """
    spans: list[_Span] = []
    open_at: int | None = None
    open_style = ""

    def unclosed(at: int, limit: int) -> None:
        starts_paragraph = not paragraph[:at].strip()
        if limit == len(paragraph) and starts_paragraph and next_paragraph[:1] in _OPENERS + '"':
            spans.append(_Span(at, at + 1, len(paragraph.rstrip()), None, continued=True))
            return
        cut = _RECOVERY_CUT.search(paragraph, at + 1, limit)
        reopened = next_paragraph[:1] != "" and next_paragraph[:1] in _OPENERS + '"'
        if not cut and limit == len(paragraph) and reopened:
            # "…,” she said. “When the roof …" continued in the next paragraph: this
            # paragraph's part is a quote of its own, attributed here
            spans.append(_Span(at, at + 1, len(paragraph.rstrip()), None))
            return
        if cut:
            spans.append(_Span(at, at + 1, cut.start() + 1, None))
            warn(
                f"Paragraph {number}: an opening quotation mark is never closed; "
                "the quote was ended at its attribution."
            )
        elif starts_paragraph and limit == len(paragraph):
            spans.append(_Span(at, at + 1, len(paragraph.rstrip()), None))
            warn(
                f"Paragraph {number}: an opening quotation mark is never closed; "
                "the quote was taken to run to the end of the paragraph."
            )
        else:
            warn(f"Paragraph {number}: an opening quotation mark is never closed; it was ignored.")

    for index, char in enumerate(paragraph):
        if char in _OPENERS:
            if open_at is not None:
                unclosed(open_at, index)
            open_at, open_style = index, "curly"
        elif char in _CLOSERS:
            if open_at is not None and open_style == "curly":
                spans.append(_Span(open_at, open_at + 1, index, index))
                open_at = None
            elif open_at is None:
                warn(
                    f"Paragraph {number}: a closing quotation mark has no opening mark; "
                    "it was ignored."
                )
        elif char == _STRAIGHT:
            if open_at is None:
                if _looks_opening(paragraph, index):
                    open_at, open_style = index, "straight"
                else:
                    warn(
                        f"Paragraph {number}: a closing quotation mark has no opening mark; "
                        "it was ignored."
                    )
            elif open_style == "straight":
                if _looks_opening(paragraph, index) and index > open_at + 1:
                    before = paragraph[index - 1]
                    if before.isspace():
                        unclosed(open_at, index)
                        open_at = index
                        continue
                spans.append(_Span(open_at, open_at + 1, index, index))
                open_at = None
            # a straight mark inside a curly quote is a nested quotation: leave it
    if open_at is not None:
        unclosed(open_at, len(paragraph))
    return spans


_SMALL_WORDS = _wordset("of on for the and in a an to at by with from de la le")


def _is_name_like(paragraph: str, span: _Span) -> bool:
    """A quoted span that names something ("so-called “Accord”", “Fair Pay for Rail”)."""
    content = paragraph[span.start : span.end].strip()
    preceding = paragraph[max(0, span.open_at - 12) : span.open_at].lower()
    if preceding.rstrip().endswith(("so-called", "so called", "dubbed", "titled", "entitled")):
        return True
    if not content or content[-1] in ".,!?;:" or len(content) > 60:
        return False
    words = content.split()
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    return (
        bool(significant)
        and all(word[:1].isupper() for word in significant)
        and (len(significant) >= 2 or words[0][:1].isupper() and span.open_at > 0)
    )


def _mask(paragraph: str, spans: list[_Span]) -> str:
    """The paragraph with quoted words replaced by ``_`` (offsets unchanged).

    A recovered quote gets a virtual closing mark on its last character, so that the attribution
    grammar sees "“___” said X" as it would for a well-formed quote.
    """
    chars = list(paragraph)
    for span in spans:
        for index in range(span.start, span.end):
            chars[index] = "_"
        if span.close_at is None and span.end > span.start:
            chars[span.end - 1] = "”"
        if chars[span.open_at] == '"':
            chars[span.open_at] = "“"
        if span.close_at is not None and chars[span.close_at] == '"':
            chars[span.close_at] = "”"
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Pass 2: sentences
# ---------------------------------------------------------------------------------------------

_ABBREVIATIONS = _wordset(
    "dr mr mrs ms prof st gen lt col sen rep gov capt sgt jr sr no vs etc inc ltd co corp jan feb "
    "mar apr aug sept sep oct nov dec u.s u.k d.c e.g i.e a.m p.m mt ft fig"
)


def _opens_quote(text: str, at: int) -> bool:
    """Whether the next non-space character after ``at`` opens a quotation."""
    rest = text[at : at + 3].lstrip()
    return bool(rest) and rest[0] in _OPENERS + '"' and at < len(text) and text[at].isspace()


def _sentences(masked: str, spans: list[_Span], paragraph: str) -> list[tuple[int, int]]:
    """Sentence boundaries in the masked paragraph, as (start, end) pairs."""
    ends_with_stop = {}
    for span in spans:
        content = paragraph[span.start : span.end].rstrip()
        if content and content[-1] in ".!?":
            ends_with_stop[span.block_end - 1] = True
    bounds = []
    start = 0
    length = len(masked)
    index = 0
    while index < length:
        char = masked[index]
        stop = False
        if char in ".!?":
            stop = True
            word_start = index
            while word_start > max(0, index - 12) and not masked[word_start - 1].isspace():
                word_start -= 1
            word = masked[word_start:index].lower().strip("(“\"'")
            if char == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
                stop = _opens_quote(masked, index + 1)  # "wrote on X. “…”": X is not an initial
        elif char in "”" and ends_with_stop.get(index):
            stop = True
        if stop:
            end = index + 1
            while end < length and masked[end] in "”\"')":
                end += 1
            look = end
            while look < length and masked[look].isspace():
                look += 1
            if look >= length:
                break
            nxt = masked[look]
            if look > end and (nxt.isupper() or nxt.isdigit() or nxt in '“"(['):
                bounds.append((start, end))
                start = look
                index = look
                continue
        index += 1
    bounds.append((start, length))
    return bounds


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


@dataclass
class _Source:
    kind: str
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    description: str | None = None
    gender: str | None = None
    plural: bool = False
    seen: tuple[int, int] = (0, 0)
    order: int = 0

    @property
    def is_person(self) -> bool:
        return self.kind != "other" and not self.plural

    def head_words(self) -> set[str]:
        words: set[str] = set()
        for text in (self.title, self.description, self.organisation):
            if text:
                words.update(_singular(word) for word in _words(text.lower()))
        for word in list(words):
            words.update(_ROLE_SYNONYMS.get(word, ()))
        return words


def _words(text: str) -> list[str]:
    return [word.strip(".,;:()'’\"“”") for word in text.split() if word.strip(".,;:()'’\"“”")]


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _is_cap(word: str) -> bool:
    prefix, hyphen, rest = word.partition("-")
    if hyphen and rest and prefix.lower() in _NAME_PREFIXES:
        word = rest  # "al-Mansouri", "el-Sisi"
    for char in word:
        if char.isalpha():
            return char.isupper()
    return False


def _kind_for(title: str | None, honorific: str | None = None) -> str:
    text = f" {(title or '').lower()} "
    if any(w in text for w in ("spokesman", "spokeswoman", "spokesperson", "press secretary")):
        return "spokesperson"
    if any(w in text for w in (" analyst", "commentator")):
        return "analyst"
    experts = (
        "expert", "professor", "lawyer", "economist", "scientist", "physician", "doctor",
        "researcher", "academic", "lecturer", "ologist", "attorney", "scholar",
    )  # fmt: skip
    if any(w in text for w in experts) or (honorific or "").lower().startswith(("dr", "prof")):
        return "expert"
    politicians = (
        "minister", "president", "senator", "governor", "mayor", " mp ", "lawmaker",
        "legislator", "congressman", "congresswoman", "chancellor", "premier", "king", "queen",
        " mna ", " mpa ", " mla ",
    )  # fmt: skip
    if any(w in text for w in politicians):
        return "politician"
    officials = (
        "secretary", "ambassador", "official", "officer", "director", "chairman", "chairwoman",
        "commissioner", "executive", "chief", "envoy", "head of", "superintendent", "inspector",
        "commander", "admiral", "general", "marshal", "commodore", " ssp ", " sp ", " dig ",
        " igp ", " aig ", " sho ", " dsp ", "judge", "justice",
    )  # fmt: skip
    if any(w in text for w in officials):
        return "official"
    return "citizen"


def _gender_of(*texts: str | None) -> str | None:
    for text in texts:
        for word in _words((text or "").lower()):
            if word in _FEMALE_WORDS:
                return "f"
            if word in _MALE_WORDS:
                return "m"
    return None


def _strip_article(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _split_role(np: str) -> tuple[str | None, str | None]:
    """Split "senior official at the foreign ministry" into title and organisation."""
    np = re.split(r",? (?:who|which|whose|speaking|who's)\b", np, maxsplit=1)[0].strip()
    org = None
    possessive = re.match(r"(?:[Tt]he )?([^\s’']+(?: [^\s’']+){0,5})['’]s (.+)$", np)
    if possessive and _is_cap(possessive.group(1)):
        org, np = possessive.group(1), possessive.group(2)
    of_group = re.match(
        r"(?:one|some|several|many|most|two|three|all|none) of (?:the|its) (.+)$", np
    )
    if of_group:
        return of_group.group(1), org
    parts = re.split(r" (?:at|of|for|with|in) ", np, maxsplit=1)
    left = parts[0]
    if len(parts) == 2 and org is None:
        org = _strip_article(parts[1]) or None
    words = left.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    leading = []
    while len(words) > 1 and _is_cap(words[0]) and words[0].lower() not in _TITLE_WORDS:
        leading.append(words.pop(0))
    if leading:
        if any(word.lower() in _ORG_WORDS for word in leading) and org is None:
            org = " ".join(leading)
        else:
            words = leading + words
    title = " ".join(words) or None
    if title and _singular(words[-1]) in {_singular(w) for w in _GENERIC_HEADS}:
        title = None
    return title, org


# ---------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------


@dataclass
class _Attribution:
    sources: list[_Source]
    verb_at: int
    subject_at: int  # start of the subject (or of the verb for inverted order)
    clause: tuple[int, int] | None  # reported clause, paragraph offsets
    direct_only: bool = False  # the complement is only a quotation
    nested_in: _Attribution | None = None
    fallback: str | None = None  # subject of the first verb in "X declined … but said"


class _Extractor:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.sources: list[_Source] = []
        self.warnings: list[str] = []
        self.quotes: list[tuple[int, int, int, _Source, str, bool]] = []
        self.last_speaker: _Source | None = None
        self.position: tuple[int, int] = (0, 0)
        self.recency: dict[int, _Source] = {}
        self.names: dict[str, list[_Source]] = {}
        # "lender Northgate Bank": (name, where), most recent last
        self.companies: list[tuple[str, tuple[int, int]]] = []

    def _warn(self, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == _MAX_WARNINGS:
            self.warnings.append("Further warnings were left out.")

    # -- source registry ---------------------------------------------------------------------

    def _touch(self, source: _Source, at: int | None = None) -> _Source:
        seen = (self.position[0], at if at is not None else self.position[1])
        source.seen = max(source.seen, seen)
        self.recency.pop(source.order, None)
        self.recency[source.order] = source
        return source

    def _new(self, **fields) -> _Source:
        source = _Source(order=len(self.sources), **fields)
        self.sources.append(source)
        if source.name:
            for token in source.name.lower().split():
                self.names.setdefault(token, []).append(source)
        return self._touch(source)

    def _recent(self) -> list[_Source]:
        """The most recently mentioned sources, most recent first.

        Only a bounded window is searched, which keeps pronoun and "the official" resolution
        constant-time however many sources a (pathological) text creates.
        """
        window = list(islice(reversed(self.recency.values()), _RECENT_WINDOW))
        return sorted(window, key=lambda source: source.seen, reverse=True)

    def _by_name(self, name: str) -> _Source | None:
        tokens = [token.lower() for token in name.split()]
        if not tokens:
            return None
        best = None
        candidates = sorted(
            self.names.get(tokens[-1], []), key=lambda source: source.seen, reverse=True
        )
        for source in candidates[:_RECENT_WINDOW]:
            if not source.name:
                continue
            known = [token.lower() for token in source.name.split()]
            if tokens == known or (len(tokens) == 1 and tokens[0] in known):
                return source
            if len(tokens) > 1 and tokens[-1] == known[-1] and best is None:
                best = source
        return best

    def _pronoun(self, word: str) -> _Source | None:
        gender = _PRONOUNS.get(word)
        for source in self._recent():
            if word in ("he", "she"):
                if source.is_person and source.gender in (None, gender):
                    if source.gender is None:
                        source.gender = gender
                    return source
            elif word == "it":
                if source.kind == "other":
                    return source
            elif word in ("they", "we") and (source.plural or source.kind == "other"):
                return source
        return None

    def _definite(self, head: str, plural: bool) -> _Source | None:
        head = _singular(head)
        for source in self._recent():
            if head in source.head_words() and (source.kind == "other") == (head in _ORG_WORDS):
                return source
        return None

    def _named_business(self) -> _Source | None:
        """What "the company" or "the group" refers to when no source has that word: the later
        of the last business introduced by a description ("refinery, Eko Petroleum,") and the
        last speaker when it is an institution with a proper name ("Hamas said …. The group
        said …")."""
        last = self.last_speaker
        institution = (
            last if last and last.kind == "other" and _is_cap(last.organisation or "") else None
        )
        if self.companies:
            name, seen = self.companies[-1]
            if institution is None or seen > institution.seen:
                return self._institution(name)
        return self._touch(institution) if institution else None

    def _institution(self, org: str) -> _Source:
        org = _proper_org(org)
        key = org.lower()
        org_words = set(_words(key))
        for source in self._recent():
            if source.kind == "other" and (source.organisation or "").lower() == key:
                return self._touch(source)
        # "the ministry" after "the Ministry of Maritime Affairs"
        if len(org_words) == 1:
            (word,) = org_words
            for source in self._recent():
                if source.kind == "other" and word in _words(source.organisation.lower()):
                    return self._touch(source)
        return self._new(kind="other", organisation=org)

    def _person(self, name: str, title: str | None, org: str | None, honorific=None) -> _Source:
        known = self._by_name(name)
        if known:
            if len(name.split()) > len((known.name or "").split()):
                known.name = name
                for token in name.lower().split():
                    self.names.setdefault(token, []).append(known)
            if title and not known.title:
                known.title = title
                known.kind = _kind_for(title, honorific)
            if org and not known.organisation:
                known.organisation = org
            known.gender = known.gender or _gender_of(title, honorific)
            return self._touch(known)
        return self._new(
            kind=_kind_for(title, honorific),
            name=name,
            title=title,
            organisation=org,
            gender=_gender_of(title, honorific),
        )

    def _anonymous(self, description: str) -> _Source:
        title, org = _split_role(description)
        words = _words(description.lower())
        core = re.split(r" (?:at|of|for|with|in|who|which) ", description.lower())[0].split()
        head = core[-1] if core else ""
        plural = head.endswith("s") and not head.endswith("ss") and head not in ("people",)
        plural = plural or head in ("people", "staff", "police") or words[:2] == ["one", "of"]
        if words[:2] == ["one", "of"]:
            plural = False
        for source in self._recent():
            if source.description and source.description.lower() == description.lower():
                return self._touch(source)
        return self._new(
            kind="anonymous",
            title=title,
            organisation=org,
            description=description,
            plural=plural,
            gender=_gender_of(description),
        )

    # -- subjects ----------------------------------------------------------------------------

    def resolve(self, np: str, at: int) -> list[_Source]:
        """Turn a subject noun phrase into one or more sources (several for "X and Y")."""
        if len(np) > _MAX_SUBJECT_CHARS:
            return []
        np = np.strip(" ,;:–—-")
        np = _TIME_TAIL.sub("", np).strip(" ,")
        np = _ANONYMITY_TAIL.sub("", np).strip(" ,")
        words = np.split()
        while len(words) > 1 and words[0].lower().strip(",") in _LEADING_ADVERBS:
            words = words[1:]
        while words and words[-1].lower() in _AUX:
            words = words[:-1]
        if not words or len(words) > 16:
            return []
        np = " ".join(words).strip(" ,")
        lower = np.lower()
        first = words[0].lower()
        is_acronym = _is_acronym(words[0])  # "WHO Representative …" is not "who"
        if not is_acronym and (
            first in _PREPOSITIONS or first in ("that", "this", "there", "what", "which", "who")
        ):
            return []
        if "_" in np or "“" in np or "”" in np:
            return []
        if lower in _PRONOUNS:
            source = self._pronoun(lower)
            return [self._touch(source, at)] if source else []
        if " and " in np and "," not in np:
            left, right = np.split(" and ", 1)
            if self._looks_person(left) and self._looks_person(right):
                return self.resolve(left, at) + self.resolve(right, at)
        source = self._resolve_one(np, words, lower)
        return [self._touch(source, at)] if source else []

    def _looks_person(self, np: str) -> bool:
        words = np.split()
        return (
            bool(words)
            and all(_is_cap(word) for word in words[-2:])
            and not any(word.lower() in _ORG_WORDS for word in words)
        )

    def _resolve_one(self, np: str, words: list[str], lower: str) -> _Source | None:
        lower_words = [word.strip(",.'’").lower() for word in words]
        # Documents speak for their issuer: "a statement released by the foreign ministry".
        before_by = re.split(r" (?:by|from) ", lower, maxsplit=1)[0].split()
        if any(word in _DOC_WORDS for word in before_by) and not any(
            word in _PERSON_HEADS for word in before_by
        ):
            issuer = re.search(r" (?:by|from) (.+)$", np)
            if issuer:
                return self._resolve_one(issuer.group(1), issuer.group(1).split(), "")
            owner = re.search(r"(?:^|\s)(?:[Tt]he )?([\w -]+?)['’]s\b", np)
            if owner:
                name = owner.group(1)
                return self._resolve_one(name, name.split(), name.lower())
            for source in self._recent():
                if source.kind == "other":
                    return source
            return None
        lower = lower or np.lower()
        # "the official", "the ministry", "The officials": the most recent matching source.
        if lower_words[0] == "the" and all(not _is_cap(w) for w in words[1:]) and len(words) <= 4:
            head = lower_words[-1]
            if head in _PERSON_HEADS or head in _ORG_WORDS or head in _COMPANY_NOUNS:
                found = self._definite(head, head.endswith("s"))
                if found:
                    return found
                if head in _COMPANY_NOUNS and len(words) == 2:
                    named = self._named_business()  # "the company", "the group" named earlier
                    if named:
                        return named
        core_text = re.split(r" (?:at|of|for|with|in|from|who|which|whose|representing) ", np)[0]
        core = [word.strip(",.'’") for word in core_text.split()]
        # the head noun: the last lower-case word of the core ("the drivers' union Aslef")
        lower_core = [word for word in core if word and not _is_cap(word)]
        head = (lower_core[-1] if lower_core else core[-1] if core else "").lower()
        head = head.removesuffix("'").removesuffix("’")
        if _is_group_of_people(core):
            return self._anonymous(np)
        has_name_prep = re.match(r"(.+?) (?:of|at) (?:the )?([A-Z].*)$", np)
        if has_name_prep:
            name, title, honorific = _split_name(has_name_prep.group(1).split())
            if name and len(name.split()) >= 2 and head not in _PERSON_HEADS:
                return self._person(name, title, has_name_prep.group(2), honorific)
        name, title, honorific = _split_name(words)
        if name and not title and lower_words[0] == "the" and len(words) <= 4:
            return self._institution(_strip_article(np))  # "the Treasury", "the Kremlin"
        if (
            name
            and len(name.split()) == 1
            and title
            and title.split()[-1].lower() in _COMPANY_NOUNS | _OUTLET_NOUNS
        ):
            return self._institution(name)  # "pollster Datafolha", "broadcaster NHK"
        if name and (len(name.split()) >= 2 or honorific or self._by_name(name)):
            org = None
            if title:
                title_words = title.split()
                if any(word.lower() in _ORG_WORDS for word in title_words):
                    cap = []
                    for word in title_words:
                        if not _is_cap(word) or word.lower() in _TITLE_WORDS - _ORG_WORDS:
                            break
                        cap.append(word)
                    if cap:
                        org = " ".join(cap)
            return self._person(name, title, org, honorific)
        if head in _PERSON_HEADS and head not in _ORG_WORDS:
            return self._anonymous(np)
        if any(word in _ORG_WORDS for word in lower_words):
            if head.endswith("s") and _singular(head) in _ORG_WORDS and lower_core:
                return self._anonymous(np)  # "Aid agencies", "Labour rights groups"
            return self._institution(_strip_article(np))
        if lower_words[0] in ("a", "an", "another") or (
            not _is_cap(words[0]) and words[-1].lower().endswith("s")
        ):
            return self._anonymous(np) if lower_words[-1] not in _PRONOUNS else None
        if len(words) == 1 and _is_cap(words[0]):
            known = self._by_name(words[0])
            if known:
                return known
            word = lower_words[0]
            if word.endswith(("ers", "ists", "ians", "ents", "ors", "ics", "ants")):
                return self._anonymous(np)
            return self._institution(words[0])
        if name:
            return self._person(name, title, None, honorific)
        if len(words) <= 6 and all(_is_cap(word) or word.lower() in _SMALL_WORDS for word in words):
            return self._institution(_strip_article(np))
        return None

    # -- main loop ---------------------------------------------------------------------------

    def run(self) -> Extraction:
        body = self.story.body
        parsed = []
        for number, paragraph in enumerate(body):
            next_paragraph = body[number + 1] if number + 1 < len(body) else ""
            spans = _scan_quotes(paragraph, next_paragraph, number, self._warn)
            for span in spans:
                span.name_like = _is_name_like(paragraph, span)
            parsed.append(spans)
        carried: list[tuple[int, _Span]] = []
        for number, paragraph in enumerate(body):
            spans = parsed[number]
            first_speaker = self._paragraph(number, paragraph, spans)
            if carried and first_speaker is not None:
                for carried_number, span in carried:
                    self._add_direct(carried_number, body[carried_number], span, first_speaker)
                carried = []
            elif carried and not any(span.continued for span in spans):
                for carried_number, span in carried:
                    if self.last_speaker:
                        self._add_direct(
                            carried_number, body[carried_number], span, self.last_speaker
                        )
                carried = []
            for span in spans:
                if span.continued:
                    carried.append((number, span))
        return self._result()

    def _add_direct(self, number: int, paragraph: str, span: _Span, source: _Source) -> None:
        text = paragraph[span.start : span.end]
        if text.strip():
            self.quotes.append((number, span.start, 1, source, text, True))
            self.last_speaker = source

    def _add_reported(self, number: int, start: int, text: str, source: _Source) -> None:
        if text.strip():
            self.quotes.append((number, start, 0, source, text, False))
            self.last_speaker = source

    def _paragraph(self, number: int, paragraph: str, spans: list[_Span]) -> _Source | None:
        """Attribute the quotes and reported clauses of one paragraph.

        Returns the speaker of the first quotation when it is explicitly attributed, which a quote
        continued from the previous paragraph takes.
        """
        masked = _mask(paragraph, spans)
        first_quote_speaker: _Source | None = None
        paragraph_speakers: list[tuple[int, _Source]] = []
        pending: list[tuple[_Span, int]] = []
        span_index = 0
        for sentence_start, sentence_end in _sentences(masked, spans, paragraph):
            self.position = (number, sentence_start)
            sentence_spans = []
            while span_index < len(spans) and spans[span_index].open_at < sentence_end:
                if not spans[span_index].continued:
                    sentence_spans.append(spans[span_index])
                span_index += 1
            if sentence_end - sentence_start > _MAX_SENTENCE_CHARS:
                attributions = []
                self._warn(
                    f"Paragraph {number}: a sentence of {sentence_end - sentence_start:,} "
                    "characters is too long to look for attributions in."
                )
            else:
                attributions = self._attributions(masked, paragraph, sentence_start, sentence_end)
            self._note_mentions(masked, sentence_start, sentence_end, attributions)
            for attribution in attributions:
                for source in attribution.sources:
                    paragraph_speakers.append((attribution.verb_at, source))
                if attribution.clause and not attribution.direct_only:
                    start, end = attribution.clause
                    text = _trim_clause(paragraph, masked, start, end)
                    for source in attribution.sources:
                        self._add_reported(number, start, text, source)
            for span in sentence_spans:
                if span.name_like or _in_question_opener(masked, sentence_start, span):
                    continue
                owner = _owner(span, attributions, masked, sentence_start, sentence_end)
                if owner is None:
                    continue
                if owner == "standalone":
                    pending.append((span, sentence_start))
                    continue
                for source in owner.sources:
                    self._add_direct(number, paragraph, span, source)
                    if first_quote_speaker is None and span is spans[0]:
                        first_quote_speaker = source
        for span, at in pending:
            source = _nearest(paragraph_speakers, at)
            if source is None:
                source = self.last_speaker
            if source is not None:
                self._add_direct(number, paragraph, span, source)
                if first_quote_speaker is None and span is spans[0] and paragraph_speakers:
                    first_quote_speaker = source
        return first_quote_speaker

    def _note_mentions(self, masked: str, start: int, end: int, attributions=()) -> None:
        """Keep "most recently mentioned" up to date: surnames of known people, and people
        introduced by a role ("Her teammate Hugo Petit was less sure") or an age ("Daniel
        Reyes, 47,").

        A person named inside someone's reported clause ("the judge said Reyes had …") counts as
        mentioned just before that speaker, so a following "she said" still finds the speaker.
        """
        clauses = [(a.clause, a.subject_at) for a in attributions if a.clause and a.sources]

        def mentioned_at(at: int) -> int:
            for (clause_start, clause_end), subject_at in clauses:
                if clause_start <= at < clause_end and subject_at < clause_start:
                    return subject_at - 1
            return at

        words = list(re.finditer(r"[^\W\d_][\w'’.-]*", masked[start:end]))
        self._note_definite_subject(words, start)
        for index, match in enumerate(words):
            word = match.group().rstrip(".'’")
            if not _is_cap(word):
                continue
            known = self.names.get(word.lower())
            if known:
                for source in known:
                    if source.name and word in source.name.split():
                        self._touch(source, mentioned_at(start + match.start()))
            elif (
                index > 0
                and words[index - 1].group().lower() in _INTRODUCING_WORDS
                and index + 1 < len(words)
                and _is_cap(words[index + 1].group())
            ):
                name, title, honorific = _introduced_name(words, index)
                run = name.split() if name else []
                if (
                    run
                    and not self._by_name(name)
                    and not any(w.lower() in _ORG_WORDS for w in run)
                ):
                    self._new(
                        kind=_kind_for(title, honorific) if title else "citizen",
                        name=name,
                        title=title,
                        gender=_gender_of(title, honorific),
                        seen=(0, 0),
                    )
                    self._touch(self.sources[-1], mentioned_at(start + match.start()))
        for match in _COMPANY_MENTION.finditer(masked, start, end):
            name = _capitalised_run(masked, match.end())
            if name and name.split()[0].lower() not in _DETERMINERS:
                self.companies.append((name, (self.position[0], match.start())))
        for match in _AGED_NAME.finditer(masked, start, end):
            name = match.group(1)
            if not self._by_name(name) and not any(
                word.lower() in _ORG_WORDS | _TITLE_WORDS for word in name.split()
            ):
                self._new(kind="citizen", name=name, seen=(0, 0))
                self._touch(self.sources[-1], mentioned_at(match.start()))

    def _note_definite_subject(self, words: list, start: int) -> None:
        """A sentence about "the judge" ("The judge was not satisfied.") mentions that person,
        so a following "he remarked" goes to the judge rather than to the last speaker."""
        if len(words) < 2 or words[0].group() != "The":
            return
        head = words[1].group().lower()
        if head in _PERSON_HEADS and head not in _GENERIC_HEADS:
            found = self._definite(head, head.endswith("s"))
            if found is not None and found.is_person:
                self._touch(found, start + words[1].start())

    # -- attributions ------------------------------------------------------------------------

    def _attributions(self, masked: str, paragraph: str, start: int, end: int) -> list:
        sentence = masked[start:end]
        found: list[_Attribution] = []
        for match in islice(_VERB.finditer(sentence), _MAX_VERBS_PER_SENTENCE):
            attribution = self._at_verb(masked, start, end, match)
            if attribution is not None and not _is_reporting(match):
                attribution.direct_only = True  # "X, he alleged, was …": only quotes count
            if attribution is not None:
                found.append(attribution)
        for match in islice(_ACCORDING.finditer(sentence), _MAX_VERBS_PER_SENTENCE):
            attribution = self._according(masked, start, end, match)
            if attribution is not None:
                found.append(attribution)
        found.sort(key=lambda a: a.verb_at)
        for index, attribution in enumerate(found):
            if attribution.sources in (["inherit"], ["participle"]):
                if index:
                    attribution.sources = list(found[index - 1].sources)
                elif attribution.fallback is not None:
                    attribution.sources = self._subject(attribution.fallback, attribution.verb_at)
                elif attribution.sources == ["participle"] and self.last_speaker:
                    attribution.sources = [self.last_speaker]
                else:
                    attribution.sources = []
                attribution.subject_at = attribution.verb_at
        # A clause ends where a coordinated clause with its own source begins; a clause whose
        # first words are another source reporting (nested reporting) gives way to it.
        kept = []
        for attribution in found:
            if attribution.clause:
                clause_start, clause_end = attribution.clause
                for other in found:
                    if other is attribution or other.clause is None:
                        continue
                    if clause_start <= other.subject_at < clause_end:
                        if not masked[clause_start : other.subject_at].strip(" ,"):
                            other.nested_in = attribution
                            attribution.sources = []
                        else:
                            clause_end = min(clause_end, _coordination_start(masked, other))
                cut = _CLAUSE_CUT.search(masked, clause_start, clause_end)
                if cut:
                    clause_end = cut.start()
                comment = _COMMENT_CUT.search(masked, clause_start, clause_end)
                if comment and clause_start > attribution.verb_at:
                    clause_end = comment.start()
                for stop in (":", ";"):
                    index = masked.find(stop, clause_start, clause_end)
                    if index != -1:
                        clause_end = index
                attribution.clause = (clause_start, clause_end)
            if attribution.sources:
                kept.append(attribution)
        return kept

    def _according(self, masked: str, start: int, end: int, match) -> _Attribution | None:
        at = start + match.start()
        source_start = start + match.end()
        comma = masked.find(",", source_start, end)
        source_end = comma if comma != -1 else end
        np = masked[source_start:source_end].rstrip(" .!?")
        sources = self.resolve(np, at)
        if not sources:
            return None
        before = masked[start:at].rstrip(" ,")
        if before:
            clause = (start, start + len(before))
        elif comma != -1:
            clause = (comma + 1 + _lead_space(masked, comma + 1, end), end)
        else:
            return None
        clause_text = masked[clause[0] : clause[1]].strip(" .,")
        direct_only = _only_quotes(clause_text)
        return _Attribution(sources, at, at, clause, direct_only)

    def _at_verb(self, masked: str, start: int, end: int, match) -> _Attribution | None:
        verb = match.group()
        verb_at = start + match.start()
        verb_end = start + match.end()
        lower = verb.lower().split()[0]
        reporting = match.group(1) is not None or lower in _LEMMA
        is_tell = _LEMMA.get(lower) == "tell"
        before = masked[start:verb_at]
        before_words = before.split()
        previous = before_words[-1].lower() if before_words else ""
        if previous in ("to", "a", "an", "the", "this", "its", "his", "her", "their", "whose"):
            return None
        if (
            lower in ("add", "adds", "added", "adding")
            and masked[verb_end:end].lstrip()[:1].isdigit()
        ):
            return None  # "the dam would add 8.1 million acre-feet" is not speech
        if lower == "estimate" and not masked[verb_end:end].lstrip().startswith("that "):
            return None  # "the previous official estimate," is a noun; "estimate that" a verb
        if previous in _PRONOUNS and before_words[-2:-1] in (["who"], ["which"], ["whom"]):
            return None  # "its staff, who it said had worked …" is part of the outer clause
        after = masked[verb_end:end]

        # Participle: "…, adding that CLAUSE" / "and added that CLAUSE" inherit the speaker.
        if lower.endswith("ing") and not previous.endswith(("is", "are", "was", "were", "been")):
            if not before.rstrip().endswith(",") and previous != "and":
                return None
            clause = _complement(masked, verb_end, end, is_tell)
            if clause is None or (clause[2] and reporting):
                return None
            if not reporting and not _quote_inside(masked, clause):
                return None  # ", observing that “half-hearted measures” had failed" only
            return _Attribution(
                ["participle"],
                verb_at,
                verb_at,
                (clause[0], clause[1]),
                fallback=_last_verb_subject(before),
            )

        # Inverted order after a comma or a quotation: "“Q,” said X, a TITLE".
        stripped_before = before.rstrip()
        if stripped_before.endswith((",", "”")) and after.strip() and not is_tell:
            np_end = _np_end(masked, verb_end, end)
            np = masked[verb_end:np_end]
            if np.strip() and np.split()[0].lower() not in ("that",) and not _has_finite(np):
                sources = self._inverted_subject(masked, verb_end, end, verb_at)
                if sources:
                    clause_end = start + len(stripped_before.rstrip(","))
                    return self._before_clause(masked, start, clause_end, sources, verb_at)

        # Normal order: SUBJECT VERB …
        complement = _complement(masked, verb_end, end, is_tell)
        if complement is not None and not reporting:
            # "remarked that …", "alleged that … “fragment”": the subject speaks, but only
            # quotations in the clause are recorded
            complement = (complement[0], complement[1], True)
        if complement is not None and reporting or complement is not None and complement[2]:
            window_start = max(start, verb_at - _MAX_SUBJECT_CHARS)
            subject_start = _subject_start(masked, window_start, verb_at)
            np = masked[subject_start:verb_at]
            relative = re.search(r",? (?:who|which)\s*$", np)
            if relative:
                sources = self._relative_subject(masked, start, subject_start + relative.start())
            elif previous in ("and", "but") and (
                not np.strip()[:-4].strip() or _first_verb_subject(np) is not None
            ):
                # "… and added that", "X reported a rise and said": filled from the previous
                # attribution, else from the subject of the first verb
                sources = []
            else:
                sources = self._subject(np, verb_at)
            fallback = None
            if not sources and previous in ("and", "but"):
                sources = ["inherit"]  # type: ignore[list-item]
                fallback = _first_verb_subject(masked[start:verb_at])
            if not sources:
                return None
            clause_start, clause_end, quote_only = complement
            if sources != ["inherit"]:
                self._learn_gender(masked, clause_start, sources)
            return _Attribution(
                sources,
                verb_at,
                subject_start,
                (clause_start, clause_end),
                quote_only,
                fallback=fallback,
            )
        if complement is not None:
            return None
        # Clause before the verb: "CLAUSE, SUBJECT said [adjuncts]."
        if not _only_adjuncts(after, is_tell):
            return None
        cut = max(stripped_before.rfind(","), stripped_before.rfind("”"))
        if len(stripped_before) - cut > _MAX_SUBJECT_CHARS:
            return None
        close = stripped_before.rfind("”")
        if cut == len(stripped_before) - 1 and close != -1 and close < cut:
            # "“Q,” Eko’s chief commercial officer, Funmilayo Adebayo, told Reuters."
            region = stripped_before[close + 1 :]
            outside = ",".join(
                chunk for chunk in region.split(",") if chunk.split()[:1] not in _RELATIVE_STARTS
            )
            if not _has_finite(outside, 30) and "“" not in region:
                sources = self._subject(region, verb_at)
                if sources:
                    return self._before_clause(masked, start, start + close, sources, verb_at)
        if cut == -1:
            # "“Q,” he said" without a comma is handled above; a bare "X said." is not a quote
            subject_np = before
            sources = self.resolve(subject_np, verb_at)
            if not sources:
                return None
            return _Attribution(sources, verb_at, start, None)
        subject_np = stripped_before[cut + 1 :]
        if subject_np.strip().split()[:1] and subject_np.split()[0].lower() in _PREPOSITIONS:
            return None
        sources = self.resolve(subject_np, verb_at)
        if not sources:
            return None
        return self._before_clause(masked, start, start + cut, sources, verb_at)

    def _subject(self, region: str, at: int) -> list[_Source]:
        """The subject of a verb, from the words before it.

        Skips what commas set off between the subject and the verb: relative clauses, ages,
        participles ("speaking on condition of anonymity") and appositives ("a trade economist at
        the Peterson Institute"), which give the speaker a title instead.
        """
        chunks = [chunk.strip() for chunk in region.split(",")]
        appositives: list[str] = []
        subject = None
        for index in range(len(chunks) - 1, -1, -1):
            chunk = chunks[index]
            words = chunk.split()
            if not words:
                continue
            first = words[0].lower()
            if len(words) == 1 and first in _PRONOUNS:
                subject, role = chunk, ""  # "Asked about it, she said": never an appositive
                break
            if first in ("who", "which", "whose", "where", "when") or (
                # "Winding up the debate, the minister said": a participial adjunct
                first.endswith("ing") and len(words) > 1 and (index > 0 or appositives)
            ):
                continue
            if chunk.replace(" ", "").isdigit() or (len(words) == 1 and first in _LEADING_ADVERBS):
                continue
            if (
                index > 0
                and len(words) == 1
                and _is_cap(words[0])
                and chunks[index - 1].split()
                and _is_cap(chunks[index - 1].split()[-1])
            ):
                continue  # "Gary, Indiana"
            earlier = [c for c in chunks[:index] if c.split()]
            particle_name = first in _PARTICLES and len(words) > 1 and _is_cap(words[1])
            is_appositive = first in ("a", "an", "the") or not (
                _is_cap(words[0]) or particle_name  # "da Silva" is a name
            )
            if (
                is_appositive
                and first not in _PREPOSITIONS
                and any(c.split()[0].lower() not in _PREPOSITIONS for c in earlier)
            ):
                appositives.append(chunk)
                continue
            if first in _PREPOSITIONS:
                if index > 0 and subject is None:
                    continue  # "The ministry, in a statement, said": an adjunct between commas
                break
            subject = chunk
            role = chunks[index - 1] if index > 0 else ""
            break
        if subject is None:
            if not appositives:
                return []
            subject, role = appositives.pop(), ""
        sources = self.resolve(subject, at)
        if len(sources) == 1 and sources[0].name:
            for appositive in appositives:
                self._apply_appositive(sources[0], appositive)
            if role.split() and role.split()[0].lower() in ("the", "a", "an"):
                self._apply_appositive(sources[0], role)
        elif len(sources) > 1 and appositives:
            self._apply_appositive(sources[-1], appositives[0])
        return sources

    def _before_clause(self, masked, start, clause_end, sources, verb_at) -> _Attribution:
        clause_start = start + _lead_space(masked, start, clause_end)
        if masked[clause_start:clause_end].rstrip().endswith("”") and masked[clause_end] == ",":
            pass
        text = masked[clause_start:clause_end]
        if not text.strip(" ,"):
            return _Attribution(sources, verb_at, verb_at, None)
        return _Attribution(
            sources, verb_at, verb_at, (clause_start, clause_end), _only_quotes(text)
        )

    def _inverted_subject(self, masked, verb_end, end, verb_at) -> list[_Source]:
        rest = masked[verb_end:end].strip().rstrip(".!?")
        chunks = [chunk.strip() for chunk in rest.split(",")]
        if not chunks or not chunks[0]:
            return []
        subject = chunks[0]
        first = subject.split()[0].lower()
        if first in _PREPOSITIONS or first in _ADJUNCT_STARTS:
            return []
        appositive = None
        for chunk in chunks[1:]:
            if (
                chunk
                and not chunk[0].isdigit()
                and chunk.split()[0].lower()
                not in (
                    "who",
                    "which",
                    "whose",
                )
            ):
                appositive = chunk
                break
        sources = self.resolve(subject, verb_at)
        if sources and appositive:
            self._apply_appositive(sources[-1], appositive)
        return sources

    def _apply_appositive(self, source: _Source, appositive: str) -> None:
        if not source.name or not appositive.split():
            return
        words = appositive.split()
        if words[0].lower() not in ("a", "an", "the") and _is_cap(words[0]):
            return
        title, org = _split_role(appositive)
        if title and " from " in title:
            title = title.split(" from ")[0]
        if title and not source.title:
            source.title = title
            source.kind = _kind_for(title)
        if org and not source.organisation:
            source.organisation = org
        source.gender = source.gender or _gender_of(appositive)

    def _relative_subject(self, masked: str, start: int, relative_at: int) -> list[_Source]:
        """The antecedent of "who said": the last name before it ("…from Senator Mark Ellison,
        a Republican from Ohio, who said")."""
        region = masked[start:relative_at]
        chunks = region.split(",")
        for chunk in reversed(chunks):
            words = chunk.split()
            run = []
            for word in reversed(words):
                if _is_cap(word) or (run and word.lower() in _PARTICLES):
                    run.insert(0, word)
                else:
                    break
            if len(run) >= 2 or (run and self._by_name(run[-1])):
                return self.resolve(" ".join(run), relative_at)
        return []

    def _learn_gender(self, masked: str, clause_start: int, sources: list[_Source]) -> None:
        first = masked[clause_start : clause_start + 4].split()[:1]
        if len(sources) == 1 and first and first[0].lower() in ("he", "she"):
            source = sources[0]
            if source.is_person and source.gender is None:
                source.gender = _PRONOUNS[first[0].lower()]

    # -- output ------------------------------------------------------------------------------

    def _result(self) -> Extraction:
        self.quotes.sort(key=lambda q: (q[0], q[1], q[2]))
        keys: dict[int, str] = {}
        speakers = []
        quotes = []
        seen = set()
        for number, start, _, source, text, direct in self.quotes:
            if (number, text, direct, id(source)) in seen:
                continue
            seen.add((number, text, direct, id(source)))
            if id(source) not in keys:
                keys[id(source)] = f"s{len(keys) + 1}"
                speakers.append(_speaker(keys[id(source)], source))
            quotes.append(Quote(keys[id(source)], text, direct, number, start))
        return Extraction(
            dateline=self.story.dateline,
            paragraphs=len(self.story.paragraphs),
            speakers=speakers,
            quotes=quotes,
            warnings=self.warnings,
        )


def _speaker(key: str, source: _Source) -> Speaker:
    if source.kind == "other":
        return Speaker(key, None, None, source.organisation, "other", None)
    if source.kind == "anonymous":
        return Speaker(
            key, None, source.title, source.organisation, "anonymous", source.description
        )
    return Speaker(key, source.name, source.title, source.organisation, source.kind, None)


_AGENT_PLURALS = ("ers", "ors", "ists", "ants", "ents", "ians")


def _capitalised_run(text: str, start: int, limit: int = 4) -> str:
    """The capitalised words starting at ``start`` ("Eko Petroleum" in "Eko Petroleum, raised")."""
    run = []
    for word in text[start : start + 80].split()[:limit]:
        clean = word.rstrip(",.;:'’")
        if not _is_cap(clean) or "_" in clean or "“" in clean:
            break
        run.append(clean)
        if clean != word:
            break
    return " ".join(run)


def _proper_org(org: str) -> str:
    """An institution's own name without the writer's description: "British lender Northgate
    Bank" -> "Northgate Bank", "the drivers' union Aslef" -> "Aslef"; "Ministry of Foreign
    Affairs" and "foreign ministry" are kept."""
    words = org.split()
    for index in range(len(words) - 1, 0, -1):
        word = words[index - 1]
        if not _is_cap(word):
            if word.lower() in _SMALL_WORDS or not all(_is_cap(w) for w in words[index:]):
                return org
            return " ".join(words[index:])
    return org


def _is_group_of_people(core: list[str]) -> bool:
    """An unnamed group: a plural person noun with no capitalised word after it ("Analysts",
    "Two people familiar", "Petrol station owners"), not "Farmers' union leader Ali Khan"."""
    for index, word in enumerate(core):
        lower = word.lower().strip("'’")
        plural = lower in ("people", "staff") or (
            lower.endswith("s") and lower in _PERSON_HEADS and _singular(lower) != lower
        )
        agent = lower.endswith(_AGENT_PLURALS) and len(lower) > 5 and index == len(core) - 1
        if (plural or agent) and not any(_is_cap(later) for later in core[index + 1 :]):
            return index > 0 or len(core) == 1 or not _is_cap(core[-1])
    return False


def _is_acronym(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and word.isupper() and not set(letters) <= set("IVX")


def _split_name(words: list[str]) -> tuple[str | None, str | None, str | None]:
    """Split "Foreign Office Spokesman Nafees Zakaria" into name and title.

    The name is the run of capitalised words at the end of the phrase, after the last title word
    ("Spokesman", "Minister", "Dr"). Honorifics are dropped from both.
    """
    clean = [word.strip(",;:") for word in words]
    run_start = len(clean)
    while run_start > 0:
        word = clean[run_start - 1]
        if _is_cap(word) or (run_start < len(clean) and word.lower() in _PARTICLES):
            run_start -= 1
        else:
            break
    run = clean[run_start:]
    if not run:
        return None, None, None
    last_title = -1
    for index, word in enumerate(run):
        if word.lower() in _TITLE_WORDS or word.lower().rstrip(".") in _TITLE_WORDS:
            last_title = index
    if last_title == -1 and run_start == 0 and len(run) >= 3:
        first = run[0].lower()
        if first.endswith(("ist", "ian", "ete", "er", "or", "ant", "ent")):
            last_title = 0
    if last_title == len(run) - 1 and last_title > 0:
        # "… President Iftikhar Sheikh": a title word ending the run is part of the name
        earlier = [i for i, w in enumerate(run[:-1]) if w.lower().rstrip(".") in _TITLE_WORDS]
        if earlier and earlier[-1] < len(run) - 2:
            last_title = earlier[-1]
    name_words = run[last_title + 1 :]
    org_at = [i for i, w in enumerate(name_words) if w.lower() in _ORG_WORDS or _is_acronym(w)]
    if org_at and len(name_words) - org_at[-1] - 1 >= 2 and run_start + last_title + 1 > 0:
        # "Former chairman of the Indus River System Authority Rao Irshad Ali Khan": the
        # body's name belongs to the title, the name follows it
        last_title += org_at[-1] + 1
        name_words = run[last_title + 1 :]
    after_preposition = run_start > 0 and clean[run_start - 1].lower() in _PREPOSITIONS | {"of"}
    if after_preposition and last_title == -1:
        # "High Commissioner for Refugees Filippo Grandi", but not "Confederation of British
        # Industry"
        if len(name_words) < 3:
            return None, None, None
        name_words = name_words[1:]
        last_title = 0
    if not name_words:
        return None, None, None
    if any(word.lower() in _ORG_WORDS or _is_acronym(word) for word in name_words):
        return None, None, None  # "SK Hynix", "BBC News" are not people
    title_words = clean[: run_start + last_title + 1]
    honorific = None
    if title_words and title_words[-1].lower() in _HONORIFICS:
        honorific = title_words.pop()
    while title_words and title_words[0].lower() in _DETERMINERS | _LEADING_ADVERBS:
        title_words = title_words[1:]
    if title_words and title_words[0].lower() in ("her", "his"):
        title_words = []
    name = " ".join(name_words).strip("'’")
    title = " ".join(title_words) or None
    return name, title, honorific


_RELATIVE_STARTS = (["who"], ["which"], ["whose"])


def _introduced_name(words: list, index: int) -> tuple[str | None, str | None, str | None]:
    """The person a role introduces without a reporting verb: "Finance Minister Mian Tariq
    Mahmood defended …" gives the whole name (up to four words, honorifics dropped) and, when the
    role is a title, the title with the capitalised words before it ("Finance Minister"), so a
    later "the minister said" finds the person."""
    run = []
    for match in words[index : index + 5]:
        word = match.group().rstrip(".'’")
        if not _is_cap(word) or word.lower() in _ORG_WORDS:
            break
        run.append(word)
    if len(run) < 2:
        return None, None, None
    introducing = words[index - 1].group()
    name, extra_title, honorific = _split_name([introducing, *run])
    if not name or len(name.split()) < 2:
        return None, None, None
    if extra_title and extra_title.split()[0] == introducing:
        extra_title = " ".join(extra_title.split()[1:]) or None
    title_words = [introducing] if introducing.lower() in _TITLE_WORDS else []
    back = index - 2
    while title_words and back >= 0 and len(title_words) < 4:
        word = words[back].group()
        if not _is_cap(word) or word.lower() in _DETERMINERS:
            break
        title_words.insert(0, word)
        back -= 1
    title = " ".join(title_words + ([extra_title] if extra_title else [])) or None
    return name, title, honorific


def _looks_finite(word: str) -> bool:
    word = word.strip(",.;:!?()").lower()
    if word in _FINITE or word.endswith("n't"):
        return True
    return word.endswith("ed") and len(word) > 4 and word not in _NOT_ED_VERBS


def _first_verb_subject(region: str) -> str | None:
    """The subject of the first verb in "X declined to comment but said …" (region ends at
    "but"/"and"): the words before the first finite verb outside a "who …" clause."""
    kept: list[str] = []
    for chunk in region.split(","):
        words = chunk.split()
        if words and words[0].lower() in ("who", "which", "whose"):
            kept.append(chunk)
            continue
        for index, word in enumerate(words):
            if (index or kept) and _looks_finite(word):
                return ",".join([*kept, " ".join(words[:index])]).strip(" ,") or None
        kept.append(chunk)
    return None


_SUBORDINATORS = _wordset("after before when while as because since and but that although")


def _last_verb_subject(region: str) -> str | None:
    """The subject of the last finite verb before ", saying …": "… walked out after the
    minister defended the levy, saying …" gives "the minister", who is the one saying."""
    words = region.split()
    for index in range(len(words) - 1, 0, -1):
        after_determiner = words[index - 1].lower() in _DETERMINERS  # "the proposed increase"
        if _looks_finite(words[index]) and not _is_cap(words[index]) and not after_determiner:
            subject = []
            for word in reversed(words[:index]):
                if word.lower() in _SUBORDINATORS or word.endswith((",", ";", ":")):
                    break
                subject.insert(0, word)
            return " ".join(subject) or None
    return None


def _has_finite(text: str, limit: int = 12) -> bool:
    for index, word in enumerate(text.split()[:limit]):
        word = word.strip(",.;:!?()")
        lower = word.lower()
        if lower in _FINITE or lower.endswith("n't"):
            return True
        # "The Associated Press", "United": a capitalised -ed word inside a phrase is a name
        is_name = index > 0 and _is_cap(word)
        if lower.endswith("ed") and len(lower) > 4 and lower not in _NOT_ED_VERBS and not is_name:
            return True
    return False


def _lead_space(text: str, start: int, end: int) -> int:
    offset = 0
    while start + offset < end and text[start + offset] in " \u00a0,":
        offset += 1
    return offset


_ADJUNCT_END = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night|"
    r"morning|afternoon|evening|statement|conference|briefing|interview|letter|post|release|"
    r"X|Twitter|Facebook|television|radio|parliament|reporters|journalists|later|earlier|"
    r"yesterday|today|again|also|separately|privately|publicly)\b"
)


def _complement(masked: str, verb_end: int, end: int, is_tell: bool):
    """Find the reported clause after a verb: (start, end, only_quote) or None.

    Accepts "that CLAUSE" after adjuncts or a "tell" object ("told The Nation on Sunday, that"),
    a quotation ("said: “…”"), or a clause without "that" whose first words contain a finite verb
    ("said Moscow had shown"), after skipping a short adjunct ("said in a statement the …").
    """
    rest = masked[verb_end:end]
    that = re.search(r"\bthat\b", rest[:100])
    if that:
        between = rest[: that.start()].strip(" ,")
        if not between or (
            (is_tell or between.split()[0].lower() in _ADJUNCT_STARTS)
            and "“" not in between
            and not _has_finite(between)
        ):
            clause_start = verb_end + that.end()
            clause_start += _lead_space(masked, clause_start, end)
            return clause_start, end, False
    stripped = rest.lstrip(" ,:\u00a0")
    offset = len(rest) - len(stripped)
    if stripped.startswith("“"):
        close = stripped.find("”")
        tail = stripped[close + 1 :].strip(" .,!?") if close != -1 else ""
        if not tail:
            return verb_end + offset, end, True
    if rest[:1] not in (" ", "\u00a0"):
        return None
    words = stripped.split()
    if not words:
        return None
    skip = 0
    if is_tell:
        skip = _tell_object_length(words)
        if not skip:
            return None
    elif words[0].lower() in _ADJUNCT_STARTS:
        # "said on Tuesday the …"; without a recognisable adjunct ("said last summer was …")
        # the clause starts at once
        adjunct = _ADJUNCT_END.search(stripped, 0, 60)
        skip = len(stripped[: adjunct.end()].split()) if adjunct else 0
    clause_words = words[skip:]
    if not clause_words:
        return None
    if clause_words[0].startswith("“"):
        start = verb_end + offset + stripped.find(clause_words[0])
        if _only_quotes(masked[start:end].strip(" .")):
            return start, end, True  # "told Reuters: “…”", "said in a statement: “…”"
    head = clause_words[0].lower().strip(",")
    if head in _PREPOSITIONS or head in ("to", "that", "so", "not", "and"):
        return None
    if head in ("a", "an") and not _indefinite_clause(clause_words):
        return None  # "said a day after …" is an adjunct, "said a cool change was …" a clause
    pronoun_then_quote = (
        head in _PRONOUNS and len(clause_words) > 1 and clause_words[1].startswith("“")
    )
    has_verb = _has_finite(" ".join(clause_words[:9]), 9) or _has_finite(
        _up_to_comma(clause_words[:12]), 12
    )
    if not pronoun_then_quote and not has_verb:
        return None  # "said in a statement it “takes note …”" has its verb inside the quote
    clause_text_start = stripped.find(clause_words[0], len(" ".join(words[:skip])))
    start = verb_end + offset + clause_text_start
    start += _lead_space(masked, start, end)
    return start, end, False


def _up_to_comma(words: list[str]) -> str:
    """The first words of a candidate clause, up to a comma: a long subject ("the team’s batting
    collapse in the second Test against Sri Lanka was") keeps its verb, while a verb after a
    comma ("the identity of buyers, according to a notice posted") is not the clause's."""
    kept = []
    for word in words:
        kept.append(word)
        if word.endswith(","):
            break
    return " ".join(kept)


def _indefinite_clause(words: list[str]) -> bool:
    """Whether "a …" after a verb opens a clause ("a cool change was expected") rather than an
    object or adjunct ("reported a rise … and said", "said a day after")."""
    if len(words) < 3 or words[1].lower().strip(",") in _TIME_NOUNS:
        return False
    for index, word in enumerate(words[1:12], start=1):
        if _looks_finite(word):
            previous = words[index - 1].lower()
            return previous not in ("and", "but", "or") and word.lower() not in _LEMMA
        if index >= 8 and word.lower() in ("who", "whose", "which", "that", "where"):
            break  # "a relief package for the families whose homes had been …" is an object
        if word.endswith(",") and index >= 7:
            break  # "a proposal to shift schools … for two weeks was": one long subject
    return False


_TIME_NOUNS = _wordset("day days week weeks month months year years decade few couple moment time")
_CLAUSE_OPENERS = _wordset(
    "he she it they we i you the a an this these those his her its their our my"
)


def _tell_object_length(words: list[str]) -> int:
    """How many words the object of "told" takes before a clause without "that": "told
    reporters", "told Reuters the …", "told the court he …", "told the Financial Times it …";
    0 when no clause follows."""
    first = words[0].lower()
    if first.rstrip(":") in ("reporters", "journalists", "them", "him", "her", "me", "us"):
        return 1
    index = 1 if first in ("the", "a", "an") else 0
    limit = min(len(words), index + 4)
    while index < limit:
        word = words[index]
        if word.endswith(":"):
            return index + 1  # "told Reuters: “…”"
        if index and word.lower() in _CLAUSE_OPENERS:
            return index
        if _looks_finite(word) or word.endswith((",", ".")) or word.lower() in _PREPOSITIONS:
            return 0
        index += 1
    return 0


def _only_adjuncts(after: str, is_tell: bool) -> bool:
    """After "said", is there nothing but adjuncts up to the end of the sentence or a comma?"""
    head = after.split(",")[0].strip().rstrip(".!?”)")
    if not head:
        return True
    words = head.split()
    if "“" in head or "_" in head:
        return False
    if is_tell:
        return not _has_finite(head) and "that" not in words
    first = words[0].lower()
    return (first in _ADJUNCT_STARTS or first in _PREPOSITIONS) and not _has_finite(head)


def _subject_start(masked: str, start: int, verb_at: int) -> int:
    """Where the subject of a verb starts: after the last clause boundary before it."""
    region = masked[start:verb_at]
    best = 0
    for marker in ("; ", ": ", " that ", ", and ", ", but ", " but ", "” ", ", while ", ", as "):
        index = region.rfind(marker)
        if index != -1:
            best = max(best, index + len(marker))
    # "The officials, who spoke …, said": the subject is the first chunk with a noun in it
    return start + best


def _np_end(masked: str, verb_end: int, end: int) -> int:
    comma = masked.find(",", verb_end, end)
    return comma if comma != -1 else end


def _coordination_start(masked: str, other: _Attribution) -> int:
    """Where a coordinated attribution begins: the ", and" or ";" before its subject."""
    at = other.subject_at
    window_start = max(0, at - 8)
    window = masked[window_start:at]
    for marker in ("” but ", "” and "):
        index = window.rfind(marker)
        if index != -1:
            return window_start + index + 1
    for marker in (", and ", "; ", ", but ", " and ", ", "):
        index = window.rfind(marker)
        if index != -1:
            return window_start + index
    return at


def _is_reporting(match) -> bool:
    """Whether a verb matched by ``_VERB`` is a reporting verb of the guidelines (rather than one
    that only attributes quotations: "stressed", "alleged")."""
    return match.group(1) is not None or match.group().lower().split()[0] in _LEMMA


def _quote_inside(masked: str, complement: tuple[int, int, bool]) -> bool:
    """Whether the clause after a verb that is not a reporting verb ("alleged that the budget had
    been “dictated”") holds a quotation: the verb's subject then speaks the quoted words, but
    the clause is not reported speech under the guidelines."""
    return "“" in masked[complement[0] : complement[1]]


def _only_quotes(text: str) -> bool:
    remainder = text.replace("_", "").replace("“", "").replace("”", "")
    return "“" in text and not remainder.strip(" ,.;:!?—–-")


def _trim_clause(paragraph: str, masked: str, start: int, end: int) -> str:
    """The clause verbatim, without sentence-final punctuation outside quotation marks."""
    while end > start and masked[end - 1] in " \u00a0.,;:!?)":
        end -= 1
    return paragraph[start:end]


def _owner(span: _Span, attributions: list[_Attribution], masked, sentence_start, sentence_end):
    """Who a quotation in this sentence belongs to: an attribution, "standalone" or None."""
    for attribution in attributions:
        if attribution.clause and attribution.clause[0] <= span.open_at < attribution.clause[1]:
            return attribution
    if attributions:
        return min(attributions, key=lambda a: abs(a.verb_at - span.open_at))
    head = sentence_start
    while head < span.open_at and masked[head].isspace():
        head += 1
    if head != span.open_at:
        return None
    if sentence_end - span.block_end < 8 and not masked[span.block_end : sentence_end].strip(
        " .,;:!?—–-"
    ):
        return "standalone"
    return None


def _in_question_opener(masked: str, sentence_start: int, span: _Span) -> bool:
    """A quotation inside an opening "Asked whether …," is the reporter's words, not the
    speaker's."""
    head = masked[sentence_start : sentence_start + 12].lstrip()
    if not head.startswith(("Asked ", "When asked ")):
        return False
    if span.open_at - sentence_start >= _MAX_SUBJECT_CHARS:
        return False
    return masked.find(",", sentence_start, span.open_at) == -1


def _nearest(speakers: list[tuple[int, _Source]], at: int) -> _Source | None:
    """The speaker attributed last before ``at`` in the paragraph, else the first after it."""
    if not speakers:
        return None
    index = bisect_right([position for position, _ in speakers], at)
    return speakers[index - 1][1] if index else speakers[0][1]


def extract(text: str) -> Extraction:
    """Extract the quotes and their speakers from a plain-text story.

    Raises ``ExtractionError`` for empty, binary or oversized input; never for odd punctuation,
    which is recovered where possible and reported in ``Extraction.warnings``.
    """
    story = split_story(text)
    return _Extractor(story).run()
