"""Reporting cues in one sentence: a speech verb or "according to" with its source, and the
complement that is reported.

A **cue** is a reporting verb with its subject ("Lam said", "said a protester", "with officials
saying") or "according to SOURCE". Its complement after the verb is either a quotation (a direct
entry only), a content clause (a reported entry, and a direct entry for each quotation inside
it), or nothing the guidelines count (a noun object: "reported a rise in profit"). A clause
placed before the verb ("CLAUSE, officials said") is its complement too. Subjects are read into
sources and linked by ``speakers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importer.extraction import lexicon
from importer.extraction.grammar import DASHES, MAX_SUBJECT_TOKENS, Grammar
from importer.extraction.marks import Span
from importer.extraction.phrases import parse
from importer.extraction.sentences import Token
from importer.extraction.speakers import Entity, Registry

# Bounds that keep the work linear on pathological input; real sentences are far inside them.
MAX_SENTENCE_TOKENS = 400  # a longer "sentence" is not searched for attributions
_MAX_CUES_PER_SENTENCE = 12


@dataclass
class Cue:
    verb: int  # token index of the verb, or of "according"
    lemma: str
    entities: list[Entity]
    subject: tuple[int, int] | None = None
    clauses: list[tuple[int, int]] = field(default_factory=list)  # reported clauses
    quotes: list[int] = field(default_factory=list)  # quotation tokens that are its complement
    lead_in: bool = False  # "… said:" with the quotation still to come
    passive: bool = False  # "described by Marine Bulletin as “…”": quotations only
    relative: bool = False  # "…, which NASA has said may be ready …": in a relative clause

    @property
    def reports(self) -> bool:
        return self.lemma in lexicon.REPORTING or self.lemma == "according to"


class Cues(Grammar):
    """The cues of a paragraph's sentences, their subjects linked to the registry of sources."""

    def __init__(
        self, text: str, tokens: list[Token], spans: list[Span], registry: Registry, offset: int
    ):
        super().__init__(text, tokens, spans)
        self.registry = registry
        self.offset = offset  # position of the paragraph's first token in the story

    def _cues(self, start: int, end: int) -> list[Cue]:
        cues: list[Cue] = []
        if end - start > MAX_SENTENCE_TOKENS:
            return cues
        index = start
        while index < end and len(cues) < _MAX_CUES_PER_SENTENCE:
            token = self.tokens[index]
            if (
                token.lower == "according"
                and index + 1 < end
                and self.tokens[index + 1].lower == "to"
            ):
                cue = self._according(index, start, end)
                if cue is not None:
                    cues.append(cue)
                index += 2
                continue
            lemma = lexicon.VERB_FORMS.get(token.text)  # lower case: "States" is no verb
            if lemma and self._is_verb(index, start):
                cue = self._verb_cue(index, lemma, start, end, cues)
                if cue is not None:
                    cues.append(cue)
            index += 1
        for cue in reversed(cues):  # an inner source's clause first: it cuts the outer one
            self._complement(cue, start, end, cues)
        for cue in cues:  # "… a wall, which he said would …" inside his clause is his clause
            if cue.relative:
                cue.clauses = [c for c in cue.clauses if not self._inside_a_clause(c, cues, cue)]
        return [cue for cue in cues if cue.entities]

    @staticmethod
    def _inside_a_clause(clause: tuple[int, int], cues: list[Cue], own: Cue) -> bool:
        return any(
            outer[0] <= clause[0] and clause[1] <= outer[1]
            for cue in cues
            if cue is not own
            for outer in cue.clauses
        )

    def _is_verb(self, index: int, start: int) -> bool:
        token = self.tokens[index]
        before = self.tokens[index - 1].lower if index > start else ""
        after = self.tokens[index + 1].lower if index + 1 < len(self.tokens) else ""
        lemma = lexicon.VERB_FORMS[token.text]
        particle = lexicon.PARTICLES.get(lemma)
        if particle is not None and after != particle:
            return False  # "pointed out" reports; "pointed" alone does not
        if after in lexicon.NOT_REPORTING_PARTICLES.get(lemma, ()):
            return False  # "ruled out a deal"
        if token.lower == "said" and before in ("the", "with", "of", "for", "in", "on", "under"):
            return False  # "with said license", "the said report": an adjective
        if before in ("the", "a", "an", "this", "his", "her", "their", "its", "our", "my"):
            return False  # "the pledge to begin …", "a vow": a noun
        if self._describes_a_document(index):
            return False  # "a statement posted to his account": the document, described
        if before in ("which", "that") and token.lower in ("read", "reads"):
            return True  # "a statement which read, in part, …"
        if token.lower in lexicon.NOUN_LIKE or token.lower in ("ruling", "warning", "writing"):
            if before in lexicon.DETERMINERS | lexicon.PREPOSITIONS | lexicon.BEFORE_NOUNS:
                return False
            if after in lexicon.AFTER_NOUNS:
                return False
            if not before or not (self.tokens[index - 1].is_word or before in ",”"):
                return False
            opens_clause = after == "that" or after in lexicon.SUBJECT_PRONOUNS
            if (
                index - 2 >= start
                and self.tokens[index - 2].lower in lexicon.DETERMINERS
                and not (opens_clause or after in lexicon.DETERMINERS)
                and before not in lexicon.DOCUMENTS  # "the decision read: …"
            ):
                return False  # "a UN report concluded": a noun; not "the network claims the"
        if token.lower.endswith("ing"):
            # ", saying …", "while noting …", "with officials saying …"; not "the promising ties"
            if index == start or before in lexicon.DETERMINERS:
                return False
            if before not in (
                ",",
                "and",
                "while",
                "also",
                "before",
                "after",
                "then",
                "further",
                "by",
                "when",
            ) and not self._after_with_phrase(index, start):
                return False
        if (
            token.lower.endswith("ed")
            and before in lexicon.DETERMINERS
            and after
            and (self.tokens[index + 1].is_word and after not in lexicon.CLAUSE_STARTERS)
        ):
            return False  # "several alleged accomplices": an adjective
        if (
            token.lower.endswith("ed")
            and after in lexicon.PERSON_NOUNS
            and (before in ("", ",", ";") or before in lexicon.DETERMINERS)
        ):
            return False  # "…, informed sources said": an adjective
        if token.lower in lexicon.NOUN_LIKE and index > start:
            previous = self.tokens[index - 1]
            subject_like = (
                (
                    before in ("and", "but")
                    and (after == "that" or after in lexicon.SUBJECT_PRONOUNS)
                )
                or before in lexicon.DOCUMENTS  # "the summary of the decision read: …"
                or previous.is_capitalised
                or before in lexicon.SUBJECT_PRONOUNS
                or before in lexicon.BETWEEN_SUBJECT_AND_VERB
                or before in lexicon.PERSON_NOUNS
                or before.rstrip("s") in lexicon.ORGANISATION_WORDS
                or before in (",", "”", "“Q”")
                or previous.quote is not None
            )
            if not subject_like:
                return False
        return True

    def _verb_cue(self, index: int, lemma: str, start: int, end: int, cues) -> Cue | None:
        tokens = self.tokens
        back = self._skip_back(index - 1, start)
        before = tokens[back].lower if back >= start else ""
        if before in ("not", "never", "n't") or before.endswith("n't"):
            return None
        if before in ("was", "were", "is", "are", "be", "been", "being"):
            return self._passive(index, lemma, end)
        if before in lexicon.SUBORDINATORS and tokens[index].lower.endswith("ed"):
            return None  # "when asked to condemn them": no subject, no cue
        if before == "to":
            went = back - 1
            while went > max(start, back - 4) and tokens[went].lower in ("on", "as", "so", "far"):
                went -= 1
            went_on = went < back - 1 and tokens[went].lower in ("went", "go", "goes", "gone")
            if went_on and lemma in lexicon.REPORTING:  # "went on to add", "went so far as to say"
                return Cue(index, lemma, self._main_subject(start, index), subject=None)
            return None  # "declined to say", "easy to say", "agreed to add"
        if tokens[index].lower.endswith("ing"):
            return self._participle(index, lemma, start, back, cues)
        if back < start:
            return self._inverted(index, lemma, end)
        previous = tokens[back]
        quote = back if previous.quote is not None else back - 1
        if (
            (previous.quote is not None or (previous.text == "," and back - 1 >= start))
            and tokens[quote].quote is not None
            and not self.spans[tokens[quote].quote].name_like
        ):
            return self._inverted(index, lemma, end)  # "“…,” said X"; not "the “Radio Law”, states"
        chunks = self._chunks(start, back) if back > start else []
        relative = bool(chunks) and self.tokens[chunks[-1][0]].lower in ("who", "which")
        if (
            previous.text == ","
            and back - 1 >= start
            and not relative  # "X, who was a candidate, announced the end of …": X announced
            and (
                self._short_phrase_ends(index + 1)
                and (
                    self._is_clause_end(back - 1, start)
                    or not self._noun_phrase_before(back, start)
                )
            )
        ):
            cue = self._inverted(index, lemma, end)
            if cue is not None:
                return cue
        if before in ("and", "but"):
            entities = next((c.entities for c in reversed(cues) if c.entities), None)
            return Cue(index, lemma, entities or self._main_subject(start, index))
        return self._subject_before(index, lemma, start, back)

    def _passive(self, index: int, lemma: str, end: int) -> Cue | None:
        """ "described by Marine Bulletin as …", "announced to be a “pandemic” by the WHO": the
        agent after "by" is the source, of quotations only."""
        for after in range(index + 1, min(end, index + 10)):
            token = self.tokens[after]
            if token.lower == "by":
                region = self._noun_phrase_after(after + 1, end)
                if region:
                    return Cue(index, lemma, self._link(region), subject=region, passive=True)
                return None
            if token.text in ",;:" or self._looks_finite(after):
                return None
        return None

    def _participle(
        self, index: int, lemma: str, start: int, back: int, cues: list[Cue]
    ) -> Cue | None:
        """ "with officials saying …" names its subject; ", saying …" continues the speaker of the
        sentence's earlier cue, or else the subject of the clause it follows."""
        tokens = self.tokens
        if back >= start and tokens[back].is_word and tokens[back].lower not in ("and", "but"):
            first = back
            while (
                first > start
                and tokens[first - 1].is_word
                and tokens[first - 1].lower not in ("with", "and", "but")
            ):
                first -= 1
            if first > start and tokens[first - 1].lower == "with":
                region = (first, back + 1)
                return Cue(index, lemma, self._link(region), subject=region)
        if back >= start and tokens[back].lower == "by":
            return Cue(index, lemma, self._main_subject(start, index))  # "tried … by saying"
        speaker = next((cue.entities for cue in reversed(cues) if cue.entities), None)
        if speaker:
            return Cue(index, lemma, speaker)  # "Murphy claimed she …, insisting she was …"
        return Cue(index, lemma, self._nearest_clause_subject(start, index))

    def _nearest_clause_subject(self, start: int, index: int) -> list[Entity]:
        """ "Senators walked out after Minister X defended the levy, saying …": X is saying; a
        verb with no subject of its own ("…, when asked to condemn them, stating …") is passed
        over."""
        for verb in range(index - 1, start, -1):
            previous = self.tokens[verb - 1].lower
            if previous in lexicon.SUBORDINATORS and self.tokens[verb].lower.endswith("ed"):
                continue  # "when asked": no subject
            if self.tokens[verb].quote is None and self._looks_finite(verb):
                back = self._skip_back(verb - 1, start)
                if back < start:
                    break
                cue = self._subject_before(verb, "", start, back)
                if cue is not None and cue.entities:
                    return cue.entities
                break
        return self._main_subject(start, index)

    def _inverted(self, index: int, lemma: str, end: int) -> Cue | None:
        """ "“…,” said Bash", "“…” tweeted Mayor of London Sadiq Khan (no relation)"."""
        region = self._noun_phrase_after(index + 1, end)
        if not region:
            return None
        return Cue(index, lemma, self._link(region), subject=region)

    def _subject_before(self, index: int, lemma: str, start: int, back: int) -> Cue | None:
        tokens = self.tokens
        if tokens[back].text in DASHES:  # "the ECJ — the EU's top court — ruled": skip the aside
            opening = next((i for i in range(back - 1, start, -1) if tokens[i].text in DASHES), 0)
            back = opening - 1 if opening > start else back
        if tokens[back].lower in ("who", "which"):
            return self._relative_subject(index, lemma, start, back)
        first = back
        while first > start:
            previous = tokens[first - 1]
            if (
                (previous.quote is not None and not self.spans[previous.quote].name_like)
                or previous.text in (";", ":", *DASHES)
                or previous.lower in lexicon.SUBJECT_BOUNDARIES
                or (previous.lower == "but")
                or (
                    previous.lower == "and"
                    and not self._joins_names(first - 1)
                    and any(self._looks_finite(i) for i in range(start, first - 1))
                    and (
                        tokens[first].is_capitalised
                        or tokens[first].lower in lexicon.CLAUSE_STARTERS
                        or tokens[first].lower in lexicon.PERSON_NOUNS
                    )
                )
                or back - first >= MAX_SUBJECT_TOKENS
            ):
                relative = previous.lower in ("who", "whom", "which") and any(
                    tokens[i].text == "," for i in range(first, back + 1)
                )  # "a UN rapporteur … who had investigated the case, cautioned …"
                aside = (
                    previous.lower in lexicon.SUBJECT_BOUNDARIES
                    and first - 2 >= start
                    and tokens[first - 2].text == ","
                    and tokens[first].lower.endswith(("ed", "ing"))
                    and any(tokens[i].text == "," for i in range(first, back + 1))
                )  # "Barend Leyts, when asked whether …, told …"
                naming = (
                    previous.lower == "as"
                    and first - 2 >= start
                    and tokens[first - 2].lower in lexicon.NAMING_PARTICIPLES
                )  # "Republic Act No. 3846, also known as the “Radio Control Law”, states"
                if not (relative or aside or naming):
                    break
            first -= 1
        if tokens[back].lower in ("who", "which") and first == back:
            return self._relative_subject(index, lemma, start, back)
        chunks = self._chunks(first, back + 1)
        subject_chunks: list[tuple[int, int]] = []
        for chunk in reversed(chunks):
            if self._is_adjunct(chunk):
                if subject_chunks:
                    break
                continue
            if self._has_main_finite(chunk):
                if not subject_chunks:
                    head = self._reduced_relative(chunk)
                    tail = head or self._after_last_finite(chunk)
                    if tail is not None:
                        subject_chunks.insert(0, tail)  # "Reuters reported a source, …, said"
                break
            if subject_chunks and not self._is_appositive(chunk, subject_chunks[0]):
                break
            subject_chunks.insert(0, chunk)
            if len(subject_chunks) == 2:
                break
        if not subject_chunks:
            return None
        region = (subject_chunks[0][0], subject_chunks[-1][1])
        relative = region[0] > start and tokens[region[0] - 1].lower in ("which", "whom", "who")
        entities = (
            self._cataphora(region, start)
            or self._pronoun_in_adverbial(region, start)
            or self._link(region)
        )
        cue = Cue(index, lemma, entities, subject=region, relative=relative)
        before_subject = region[0] - 1
        inside = before_subject > start and self._closes_with_comma(before_subject)
        if inside or (before_subject > start and tokens[before_subject].text == ","):
            # "… prohibits “…,” a spokesperson stated": the comma may be inside the quotation
            preposed_end = before_subject + 1 if inside else before_subject
            preposed = (self._clause_start(start, preposed_end), preposed_end)
            words = [t for t in tokens[preposed[0] : preposed[1]] if t.text not in ",."]
            is_quote = words and all(t.quote is not None for t in words)
            interrupted = (
                index + 2 < len(tokens)
                and tokens[index + 1].text == ","
                and (self._looks_finite(index + 2))
            )  # "The government, he alleged, was more interested …"
            chunks = self._chunks(*preposed)
            adjunct = (
                len(chunks) == 1
                and chunks[0][1] - chunks[0][0] > 2
                and self.tokens[chunks[0][0]].lower in lexicon.PREPOSITIONS
                and self.tokens[chunks[0][0] + 1].lower in lexicon.DETERMINERS
            )  # "On a visit held in X, he said": a prepositional phrase, no clause of his
            finite = self._has_main_finite(preposed) or any(
                self._present_verb(i, preposed[0]) for i in range(*preposed)
            )  # "Interpol's constitution prohibits “…,” a spokesperson stated"
            clause = finite and not self._opens_with_participle(preposed) and not adjunct
            relative = tokens[preposed[1] - 1].lower in ("which", "who", "that")
            if (is_quote or clause or interrupted) and not relative:
                cue.clauses.append(preposed)  # "CLAUSE, officials said"; not "…, which, they"
        return cue

    def _reduced_relative(self, chunk: tuple[int, int]) -> tuple[int, int] | None:
        """ "Some of the protesters Wikinews interviewed said …": a noun phrase, then a relative
        clause without "who" or "that" whose verb ends the subject; the noun phrase is the source."""
        last = chunk[1] - 1
        tokens = self.tokens
        if last - 2 < chunk[0] or not tokens[last].lower.endswith("ed"):
            return None
        subject = last - 1
        while subject > chunk[0] and tokens[subject - 1].is_capitalised:
            subject -= 1
        named = tokens[subject].is_capitalised or tokens[subject].lower in ("we", "they", "i")
        noun = tokens[subject - 1] if subject > chunk[0] else None
        if not named or noun is None or not noun.is_word or noun.is_capitalised:
            return None
        if _plain_noun(noun.lower) not in lexicon.PERSON_NOUNS:
            return None
        return (chunk[0], subject)

    def _cataphora(self, region: tuple[int, int], start: int) -> list[Entity]:
        """ "State prosecutors charged the suspect …, they said": a plural pronoun after a clause
        whose subject is a group of people is that group."""
        if region[1] - region[0] != 1 or self.tokens[region[0]].lower != "they":
            return []
        comma = region[0] - 1
        if comma <= start or self.tokens[comma].text != ",":
            return []
        clause_first = self._clause_start(start, comma)
        for verb in range(clause_first, comma):
            if self._looks_finite(verb):
                if verb == clause_first:
                    return []
                mentions = parse(self.tokens[clause_first:verb], self.text)
                if len(mentions) == 1 and mentions[0].kind == "anonymous" and mentions[0].plural:
                    entity = self.registry.link(mentions[0], self.offset + clause_first)
                    return [entity] if entity is not None else []
                return []
        return []

    def _pronoun_in_adverbial(self, region: tuple[int, int], start: int) -> list[Entity]:
        """ "Rhys-Davies broke the news when he revealed …", "Qawi was accused of it, which he
        denied": "he" or "she" in an adverbial or relative clause is the person who is the
        subject of the main clause before it."""
        first = region[0]
        pronoun = self.tokens[first].lower
        if region[1] - first != 1 or pronoun not in ("he", "she") or first - 1 <= start:
            return []
        if self.tokens[first - 1].lower not in lexicon.SUBORDINATORS | {"which", "and", "but"}:
            return []  # "X was accused of it, which he denied", "X …, and he accused …": X
        gender = lexicon.SUBJECT_PRONOUNS[pronoun]
        entities = self._main_subject(start, first - 1)
        if (
            len(entities) == 1
            and entities[0].kind == "person"
            and entities[0].gender in (None, gender)
        ):
            entities[0].gender = gender
            return entities
        return []

    def _relative_subject(self, index: int, lemma: str, start: int, relative: int) -> Cue | None:
        """ "spoke to the Navy, who told it …", "tour manager Thomas Gray, 24, who cited …": the
        source is the noun phrase before "who", after the verb or preposition that governs it."""
        end = relative
        while end > start and self.tokens[end - 1].text == ",":
            end -= 1
        first = end
        while first > start:
            previous = self.tokens[first - 1]
            if previous.quote is not None or previous.text in (";", ":"):
                break
            if previous.lower in lexicon.PREPOSITIONS or self._looks_finite(first - 1):
                break
            first -= 1
        if first == end:
            return None
        region = (first, end)
        entities = self._link(region)
        if not entities or entities[0].gender == "n":  # "Facebook released a statement which
            entities = self._main_subject(start, first) or entities  # read, …": Facebook's
        return Cue(index, lemma, entities, subject=region)

    def _main_subject(self, start: int, limit: int) -> list[Entity]:
        """The subject of the sentence's first verb, for "…, but said" and ", saying"."""
        first = start
        chunks = self._chunks(start, limit)
        for chunk in chunks:
            if not self._is_adjunct(chunk):
                first = chunk[0]
                break
        index = first
        while index < limit and not self._looks_finite(index):
            if self.tokens[index].text in lexicon.VERB_FORMS and index > first:
                break
            index += 1
        back = self._skip_back(index - 1, first)
        if back < first:
            return []
        return self._link((first, back + 1))

    def _according(self, index: int, start: int, end: int) -> Cue | None:
        source_start = index + 2
        source_end = source_start
        while source_end < end:
            token = self.tokens[source_end]
            if token.text == "." and self._abbreviation_stop(source_end, source_start):
                source_end += 1  # "according to Dr. Tom Frieden"
                continue
            if token.quote is not None or token.text in ",.;:!?" or token.lower in ("who", "which"):
                break
            source_end += 1
        while source_end + 1 < end and self.tokens[source_end].text == ",":
            chunks = self._chunks(source_end + 1, end) if source_end + 1 < end else []
            following = chunks[0] if chunks else None
            if (
                self.tokens[source_end + 1].text.isdigit()
                and len(self.tokens[source_end + 1].text) == 4
            ):
                source_end += 2  # "a March 14, 2019 NATO press release"
                while source_end < end and self.tokens[source_end].text not in ",.;:":
                    source_end += 1
            elif (
                following
                and following[1] < end
                and all(self.tokens[i].is_capitalised for i in range(*following))
                and following[1] - following[0] <= 4
                and self._names_a_person(source_start, source_end)
            ):
                source_end = following[1]  # "the El Paso mayor, Dee Margo,"
            elif (
                following
                and following[1] < end
                and self.tokens[following[0]].lower in lexicon.APPOSITIVE_ADVERBS
                and not self._has_finite(following)
            ):
                source_end = following[1]  # "according to X, formerly the director of Y, …"
            elif (
                following
                and not self._has_main_finite((following[0], end))
                and (
                    self.tokens[following[0]].lower in lexicon.DETERMINERS
                    or self.tokens[following[0]].lower in lexicon.TITLE_WORDS
                )
            ):
                source_end = end  # "according to prosecutor Josh Bash, the U.S. Attorney …"
                while self.tokens[source_end - 1].text in ".!?":
                    source_end -= 1
            else:
                break
        if source_end == source_start:
            return None
        region = (source_start, source_end)
        cue = Cue(index, "according to", self._link(region), subject=region)
        before = index
        while before > start and self.tokens[before - 1].text == ",":
            before -= 1
        opening = all(self._is_adjunct_word(i) for i in range(start, before))
        coordinated = before > start and self.tokens[before - 1].lower in ("and", "but", "or")
        relative = self._in_relative(start, before)
        if relative is not None:  # "Women, who make up 16%, according to X, serve …"
            cue.clauses.append((relative + 1, before))  # the relative clause is X's
            return cue
        if not opening and before > start and not coordinated:
            clause_start = self._clause_start(start, before)
            for position in range(clause_start, before):
                if self.tokens[position].text in lexicon.REPORTING_FORMS and (
                    position == 0 or self.tokens[position - 1].lower != "to"
                ):
                    clause_start = position + 1  # "X emphasised …, according to Y": X's words
            after_verb = source_end + 1 < end and self._looks_finite(source_end + 1)
            clause = self._has_main_finite((clause_start, before)) or after_verb
            if clause and not self._verb_ends(before - 1, cue):
                cue.clauses.append((clause_start, before))  # not "Longer term, according to X, …"
        following = source_end + 1
        if (
            source_end < end
            and self.tokens[source_end].text == ","
            and following < end
            and self.tokens[following].lower not in ("who", "which", "whose", "whom")
            and (opening or coordinated or self._has_main_finite((following, end)))
        ):
            cue.clauses.append((following, end))  # "According to X, CLAUSE"; "A, according to X, B"
        return cue

    def _verb_ends(self, index: int, cue: Cue) -> bool:
        """ "X decided, according to the summary, “…”": words that end with their verb, with
        more words after the source, are no clause of the source's; they are the verb's object."""
        source_end = cue.subject[1] if cue.subject else len(self.tokens)
        more = source_end < len(self.tokens) and self.tokens[source_end].text == ","
        word = self.tokens[index].text
        auxiliary = index > 0 and self.tokens[index - 1].lower in lexicon.AUXILIARIES
        verb = word in lexicon.VERB_FORMS or word in lexicon.DECIDING
        return more and verb and not auxiliary

    def _complement(self, cue: Cue, start: int, end: int, cues: list[Cue]) -> None:
        tokens = self.tokens
        end = self._adverbial_end(cue, start, end)
        self._preposed_quote(cue, start)
        if cue.lemma == "according to":
            cue.clauses = [self._clause_end(c, end, cues, cue) for c in cue.clauses]
            cue.clauses = [c for c in cue.clauses if c[1] > c[0]]
            self._quotes_only(cue)
            return
        index = cue.verb + 1
        if cue.passive:
            return
        if cue.subject and cue.subject[0] > cue.verb:
            index = cue.subject[1]  # inverted: the complement came before the verb
            self._preposed_quote(cue, start)
            if not cue.clauses:
                return
        if index < end and lexicon.PARTICLES.get(cue.lemma) == tokens[index].lower:
            index += 1  # "pointed out"
        that = self._that_ahead(index, end)
        index = that if that is not None else self._skip_hearer_and_adjuncts(cue, index, end)
        has_that = False
        while index < end and tokens[index].text in (",", ":"):
            index += 1
        if index < end and self._complementiser(index):
            has_that, index = True, index + 1
            while index < end and tokens[index].text == ",":
                index += 1  # "reported that, in a phone call in late July, …"
        if index >= end or (index < end and tokens[index].text in ".!?"):
            cue.lead_in = tokens[end - 1].text == ":" or tokens[index - 1].text == ":"
            self._preposed_quote(cue, start)
            return
        after_comma = tokens[index - 1].text == ","
        if tokens[index].lower in ("which", "who", "whom") or (
            after_comma and tokens[index].lower.endswith("ing")
        ):
            return  # ", asking Cengiz to be …": the writer's participle, no clause
        if tokens[index].text in "—–-([":
            return  # "they said Sunday — murder carrying …": no clause of theirs
        index = self._quote_after_object(index, end)
        if tokens[index].quote is not None and any(index in other.quotes for other in cues):
            return  # "noted the need …: “…,” said Tedros": the quotation is the next cue's
        if tokens[index].quote is not None:
            quotes = self._quote_run(index, end)
            if quotes is not None:
                cue.quotes.extend(quotes)
                return
        if cue.subject and cue.subject[0] < cue.verb and cue.clauses:
            self._preposed_quote(cue, start)
            if cue.clauses and self._only_adjuncts(index, end):
                return
        interrupted = (
            bool(cue.clauses) and tokens[cue.verb + 1].text == "," and (self._looks_finite(index))
        )
        by_default = (
            interrupted
            or cue.lemma in lexicon.CLAUSE_BY_DEFAULT
            and not (
                tokens[index].lower in lexicon.PREPOSITIONS
                or tokens[index].lower in ("nothing", "so")
            )
        )
        if cue.relative and not self._gap_filled(cue, index):
            return  # "which Red Hat maintained and supported": the relative's object, no clause
        if cue.reports and (has_that or by_default or self._looks_like_clause(index, end)):
            parenthetical = tokens[cue.verb + 1].text == "," if cue.verb + 1 < end else False
            if not parenthetical:  # "X, officials said, Y" keeps both parts; otherwise only Y
                cue.clauses = [c for c in cue.clauses if c[0] > cue.verb]
            cue.clauses.append(self._clause_end((index, end), end, cues, cue))
        else:
            cue.quotes.extend(self._quotes_in_object(index, end))
        cue.clauses = [c for c in cue.clauses if c[1] > c[0]]
        self._quotes_only(cue)

    def _adverbial_end(self, cue: Cue, start: int, end: int) -> int:
        """ "When Mfume announced his resignation, Cummings joined …": a cue inside an adverbial
        clause that opens the sentence has its complement end at the comma closing it."""
        if not cue.subject or cue.subject[0] > cue.verb:
            return end
        opener = cue.subject[0] - 1
        if opener < start or self.tokens[opener].lower not in lexicon.SUBORDINATORS:
            return end
        if opener > start and self.tokens[opener - 1].text != ",":
            return end
        comma = next((i for i in range(cue.verb + 1, end) if self.tokens[i].text == ","), end)
        return comma

    def _gap_filled(self, cue: Cue, index: int) -> bool:
        """ "…, which NASA said might take place": after "which" the reported clause opens with
        its verb, the relative pronoun being its subject; after "in which" it is whole."""
        relative = cue.subject[0] - 1
        if relative > 0 and self.tokens[relative - 1].lower in lexicon.PREPOSITIONS:
            return True  # "in which he asserted he had won"
        return self._looks_finite(index)

    def _quotes_in_object(self, index: int, end: int) -> list[int]:
        """ "noted his “strength, passion and wisdom” on Twitter": quoted words inside the noun
        object of a speech verb are the speaker's, up to the next verb or clause boundary."""
        found = []
        for position in range(index, min(end, index + 12)):
            token = self.tokens[position]
            if token.text in (";", ":", ",", *DASHES) or self._looks_finite(position):
                break
            if token.quote is not None and not self.spans[token.quote].name_like:
                found.append(position)
        return found

    def _preposed_quote(self, cue: Cue, start: int) -> None:
        """ "“…,” Lam said": a clause before the verb that is only a quotation is direct."""
        if cue.passive:
            return
        kept = []
        for clause in cue.clauses:
            words = [t for t in self.tokens[clause[0] : clause[1]] if t.text not in ",.:"]
            if words and all(t.quote is not None for t in words):
                cue.quotes.extend(i for i in range(*clause) if self.tokens[i].quote is not None)
            else:
                kept.append(clause)
        cue.clauses = kept
        if cue.subject and cue.subject[0] > cue.verb:
            before = cue.verb - 1
            while before >= start and self.tokens[before].text in (",", ".", "!", "?"):
                before -= 1
            if before >= start and self.tokens[before].quote is not None:
                cue.quotes.append(before)
            elif before >= start and not cue.clauses and not self._verb_ends(before, cue):
                clause = (self._clause_start(start, before + 1), before + 1)
                if self._has_finite(clause):
                    cue.clauses.append(clause)  # "…, reported officials"

    def _quotes_only(self, cue: Cue) -> None:
        self._preposed_quote(cue, cue.clauses[0][0] if cue.clauses else 0)

    def _skip_hearer_and_adjuncts(self, cue: Cue, index: int, end: int) -> int:
        tokens = self.tokens
        if cue.lemma in lexicon.HEARER_FIRST and index < end:
            index = self._after_hearer(index, end)
        for _ in range(4):
            if index >= end:
                break
            word = tokens[index].lower
            if word in lexicon.TIME_WORDS or word in ("also", "further", "again", "late", "early"):
                following = tokens[index + 1] if index + 1 < end else None
                if following is not None and (
                    self._looks_finite(index + 1)
                    or (
                        following.is_word
                        and following.lower not in lexicon.CLAUSE_STARTERS
                        and index + 2 < end
                        and self._looks_finite(index + 2)
                    )
                ):
                    break  # "said last summer was the worst": the subject of the clause
                index += 1
            elif word in ("on", "in", "at", "via", "during", "to", "through", "while", "from"):
                following = tokens[index + 1] if index + 1 < end else None
                if word == "to" and following is not None and self._infinitive(following):
                    break  # "told those gathered to watch …": no adjunct, no clause
                stop = index + 1
                while stop < end and stop - index <= 5:
                    following = tokens[stop]
                    if (
                        following.quote is not None
                        or following.text in ",:;.—–-("
                        or self._complementiser(stop)
                        or following.lower in ("which", "who", "he", "she", "it", "they")
                        or following.lower in ("we", "i")
                        or (
                            stop > index + 1 and following.lower in ("the", "a", "an", "his", "her")
                        )
                    ):
                        break
                    stop += 1
                if stop - index > 5:
                    break
                index = stop
            elif word == "," and index + 1 < end:
                closing = next(
                    (i for i in range(index + 1, min(end, index + 8)) if tokens[i].text == ","),
                    None,
                )
                if closing and tokens[index + 1].lower in lexicon.PREPOSITIONS | {"in"}:
                    index = closing  # "alleged, by way of example, Mahan had …"
                else:
                    break
            else:
                break
        return index

    def _clause_end(self, clause, end, cues: list[Cue], own: Cue) -> tuple[int, int]:
        """Where a reported clause stops: the sentence end, a second source, the writer's own
        participle or coordinated verb, "according to"."""
        first, stop = clause
        stop = min(stop, end)
        tokens = self.tokens
        for other in cues:
            if other is own or not other.subject or not other.entities:
                continue
            other_start = min(other.subject[0], other.verb)
            speaks = other.clauses or (other.quotes and other.entities != own.entities)
            inside = first <= other_start < stop and other.subject[0] < other.verb
            if inside and speaks and not self._relative_before(other_start, first):
                stop = other_start
        index = first
        while index < stop:
            token = tokens[index]
            word = token.lower
            following = tokens[index + 1].lower if index + 1 < stop else ""
            colon_quote = (
                token.text == ":" and index + 1 < stop and tokens[index + 1].quote is not None
            )
            if (token.text == ";" or colon_quote) and index > first:
                stop = index
                break
            comma = token.text == "," or self._closes_with_comma(index)  # "“…,” while …"
            if comma and (
                following in ("according", "while", "whereas", "though", "although")
                or following in lexicon.PARTICIPLES
                or following in lexicon.WRITER_PARTICIPLES
            ):
                stop = index + (token.quote is not None)
                break
            if word in ("and", "but") and index > first + 2 and following not in ("that", ""):
                nxt = index + 1
                while nxt < stop and tokens[nxt].lower in ("also", "then", "later", "further"):
                    nxt += 1
                verb = tokens[nxt].text if nxt < stop else ""
                if verb in lexicon.NOUN_LIKE:
                    verb = ""  # "re-posts and posts which …": nouns
                if verb in lexicon.REPORTING_FORMS or verb in lexicon.SPEAKER_ACTIONS:
                    stop = index
                    break
            index += 1
        while stop > first and (
            tokens[stop - 1].text in ",.:;!?-–—(" or tokens[stop - 1].lower in ("and", "but")
        ):
            stop -= 1
        return (first, stop)

    def _link(self, region: tuple[int, int]) -> list[Entity]:
        tokens = self.tokens[region[0] : region[1]]
        if len(tokens) == 1 and tokens[0].lower in ("who", "which"):
            return []
        entities = []
        for mention in parse(tokens, self.text):
            entity = self.registry.link(mention, self.offset + region[0])
            if entity is not None:
                entities.append(entity)
        return entities


def _plain_noun(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
