"""Who said what in one paragraph: reporting cues, their reported clauses, and the sieve that
gives every quotation its speaker.

A **cue** is a reporting verb with its subject ("Lam said", "said a protester", "with officials
saying") or "according to SOURCE". Its complement after the verb is either a quotation (a direct
entry only), a content clause (a reported entry, and a direct entry for each quotation inside
it), or nothing the guidelines count (a noun object: "reported a rise in profit"). A clause
placed before the verb ("CLAUSE, officials said") is its complement too.

Quotations are then given a speaker by ordered rules, most certain first (the sieve):

1. the cue whose complement holds the quotation, or that the quotation stands next to;
2. the only cue of the sentence, or the nearest one;
3. the subject of the clause the quotation stands in ("Schiff called it “a non-starter”");
4. the speaker of the previous quotation in the paragraph, or of a sentence ending "said:";
5. for a paragraph that opens with a quotation and has no attribution, the last speaker of the
   previous paragraph;
6. otherwise no speaker: the quotation is left out rather than given to a wrong source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importer.extraction import lexicon
from importer.extraction.marks import Span
from importer.extraction.sentences import ABBREVIATIONS, Token
from importer.extraction.speakers import Entity, Registry, parse

# Bounds that keep the work linear on pathological input; real sentences are far inside them.
_MAX_SENTENCE_TOKENS = 400  # a longer "sentence" is not searched for attributions
_MAX_CUES_PER_SENTENCE = 12
_MAX_SUBJECT_TOKENS = 30
_MAX_CLAUSE_LOOKAHEAD = 12
_DASHES = ("—", "–", "-")


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


@dataclass
class Found:
    entity: Entity
    start: int  # paragraph offsets of the words
    end: int
    direct: bool


class Paragraph:
    """The attribution of one paragraph, given the registry of sources met so far."""

    def __init__(self, text, tokens, sentences, spans, registry: Registry, offset: int, last):
        self.text = text
        self.tokens: list[Token] = tokens
        self.sentences = sentences
        self.spans: list[Span] = spans
        self.registry = registry
        self.offset = offset  # position of the paragraph's first token in the story
        self.last_speaker: Entity | None = last  # of the previous paragraph
        self.found: list[Found] = []

    # -- the cues of a sentence ------------------------------------------------------------

    def run(self) -> list[Found]:
        previous_speaker: Entity | None = None
        lead_in: Entity | None = None
        for number, (start, end) in enumerate(self.sentences):
            self.registry.expect(self.tokens[start:end])
            cues = self._cues(start, end)
            for cue in cues:
                for clause in cue.clauses:
                    self._report(cue, clause)
            speaker = self._assign_quotes(start, end, cues, previous_speaker, lead_in, number)
            previous_speaker = speaker or previous_speaker
            lead_in = next((c.entities[0] for c in cues if c.lead_in and c.entities), None)
            self.registry.observe(self.tokens[start:end], self.text, self.offset + start)
            self.registry.observe_role(self.tokens[start:end], self.text, self.offset + start)
        return self.found

    def _cues(self, start: int, end: int) -> list[Cue]:
        cues: list[Cue] = []
        if end - start > _MAX_SENTENCE_TOKENS:
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

    def _after_with_phrase(self, index: int, start: int) -> bool:
        for position in range(index - 1, max(start, index - 6) - 1, -1):
            if self.tokens[position].lower == "with":
                return True
            if not self.tokens[position].is_word:
                return False
        return False

    def _skip_back(self, index: int, start: int) -> int:
        """The index of the last word of the subject before the verb at ``index + 1``."""
        while index >= start:
            word = self.tokens[index].lower
            adverb = (
                word.endswith("ly")
                and len(word) > 4
                and self.tokens[index].text.islower()
                and not (index > start and self.tokens[index - 1].lower in lexicon.DETERMINERS)
            )  # "officials reportedly said"; not "the rally said", "his family said"
            in_name = (
                self.tokens[index].is_capitalised
                and index > start
                and self.tokens[index - 1].is_capitalised
            )  # "USA Today noted": a name, not a time
            if in_name:
                break
            if (
                word in lexicon.BETWEEN_SUBJECT_AND_VERB
                or word in lexicon.TIME_WORDS
                or adverb
                or word in ("on", "late", "early", "last", "this")
                and index + 1 < len(self.tokens)
            ):
                index -= 1
            else:
                break
        return index

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
        if (
            previous.text == ","
            and back - 1 >= start
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

    def _noun_phrase_before(self, comma: int, start: int) -> bool:
        """Whether the words before a comma are a subject ("…, Funmilayo Adebayo, told")."""
        chunks = self._chunks(start, comma) if comma > start else []
        if not chunks:
            return False
        chunk = chunks[-1]
        first = self.tokens[chunk[0]]
        return (
            not self._is_adjunct(chunk)
            and (first.is_capitalised or first.lower in lexicon.DETERMINERS)
            and not any(self.tokens[i].lower in lexicon.PREPOSITIONS for i in range(*chunk))
        )

    def _short_phrase_ends(self, first: int) -> bool:
        """ "…, reported officials." / "…, said a spokesman, …": a subject after the verb."""
        for position in range(first, min(len(self.tokens), first + 7)):
            token = self.tokens[position]
            if token.text in (",", ".", ";", "!", "?"):
                return position > first and self.tokens[first].lower not in lexicon.PREPOSITIONS
            if token.quote is not None or self._looks_finite(position) or token.lower == "that":
                return False
        return False

    def _is_clause_end(self, index: int, start: int) -> bool:
        """Whether the words before a comma end a clause of their own ("…, reported officials")."""
        return any(self._looks_finite(i) for i in range(start, index + 1)) and not any(
            self.tokens[i].lower in ("who", "which") for i in range(start, index + 1)
        )

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
        """ "Senators walked out after Minister X defended the levy, saying …": X is saying."""
        for verb in range(index - 1, start, -1):
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

    def _noun_phrase_after(self, first: int, end: int) -> tuple[int, int] | None:
        stops = {
            "on",
            "in",
            "at",
            "via",
            "during",
            "told",
            "to",
            "after",
            "before",
            "while",
            "when",
            "as",
            "yesterday",
            "today",
            "last",
            "earlier",
            "later",
            "that",
            "and",
            "adding",
            "saying",
            "according",
        }
        index, depth = first, 0
        while index < end:
            token = self.tokens[index]
            if token.text == "(":
                depth += 1
            elif token.text == ")":
                depth = max(0, depth - 1)
            elif token.text == "." and self._abbreviation_stop(index, first):
                pass  # "said Dr. Livermore", "said John R. Bolton"
            elif depth == 0 and (
                token.quote is not None or token.text in ",.;:!?" or token.lower in stops
            ):
                break
            index += 1
        if index == first or index - first > _MAX_SUBJECT_TOKENS:
            return None
        if index < end and self.tokens[index].text == ",":
            name_end = index + 1
            while name_end < min(end, index + 6) and (
                self.tokens[name_end].is_capitalised
                or (self.tokens[name_end].text == "." and len(self.tokens[name_end - 1].text) == 1)
            ):
                name_end += 1
            closed = name_end >= end or self.tokens[name_end].text in ",.;!?"
            person = any(
                self.tokens[i].lower.rstrip("s") in lexicon.PERSON_NOUNS | lexicon.TITLE_WORDS
                for i in range(first, index)
            )
            if name_end > index + 1 and closed and person:
                return (first, name_end)  # "argued the government's lawyer, Richard Keen."
        return (first, index)

    def _abbreviation_stop(self, index: int, first: int) -> bool:
        """A full stop inside a name: after a title ("Dr.") or an initial ("John R. Bolton")."""
        previous = self.tokens[index - 1] if index > first else None
        return previous is not None and (
            previous.lower in ABBREVIATIONS or (len(previous.text) == 1 and previous.is_capitalised)
        )

    def _subject_before(self, index: int, lemma: str, start: int, back: int) -> Cue | None:
        tokens = self.tokens
        if tokens[back].text in _DASHES:  # "the ECJ — the EU's top court — ruled": skip the aside
            opening = next((i for i in range(back - 1, start, -1) if tokens[i].text in _DASHES), 0)
            back = opening - 1 if opening > start else back
        if tokens[back].lower in ("who", "which"):
            return self._relative_subject(index, lemma, start, back)
        first = back
        while first > start:
            previous = tokens[first - 1]
            if (
                (previous.quote is not None and not self.spans[previous.quote].name_like)
                or previous.text in (";", ":", *_DASHES)
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
                or back - first >= _MAX_SUBJECT_TOKENS
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
                    tail = self._after_last_finite(chunk)
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

    def _joins_names(self, index: int) -> bool:
        tokens = self.tokens
        return (
            0 < index < len(tokens) - 1
            and tokens[index - 1].is_capitalised
            and tokens[index + 1].is_capitalised
        )

    def _chunks(self, first: int, end: int) -> list[tuple[int, int]]:
        chunks, chunk_start, depth = [], first, 0
        for index in range(first, end):
            text = self.tokens[index].text
            depth += (text == "(") - (text == ")")
            if text == "," and depth <= 0:
                if index > chunk_start:
                    chunks.append((chunk_start, index))
                chunk_start = index + 1
        if end > chunk_start:
            chunks.append((chunk_start, end))
        return chunks

    def _is_adjunct(self, chunk: tuple[int, int]) -> bool:
        """Words between commas that are not the subject: a prepositional phrase, a relative,
        a participle, a time, or another name for it ("also known as the “Radio Law”")."""
        first = self.tokens[chunk[0]].lower
        words = [self.tokens[i].lower for i in range(*chunk)]
        naming = [w for w in words[:3] if w not in ("also", "formerly", "better", "widely")]
        return (
            (bool(naming) and naming[0] in lexicon.NAMING_PARTICIPLES)
            or first in lexicon.PREPOSITIONS
            or first in ("who", "whom", "which", "whose", "speaking", "citing", "aged")
            or (first.endswith("ing") and first not in lexicon.PERSON_NOUNS)
            or all(w in lexicon.TIME_WORDS or w in lexicon.LEADING_ADVERBS for w in words)
            or all(w.isdigit() for w in words)
        )

    def _is_appositive(self, chunk: tuple[int, int], head: tuple[int, int]) -> bool:
        """ "Tomasz Kubiak, a fire service spokesman", "the president of …, Jamel Msallem"."""
        size = chunk[1] - chunk[0]
        if size > 14 or self._has_finite(chunk):
            return False
        if self.tokens[head[0]].lower in ("also", "too") and self._is_name(chunk):
            return True  # "Jonna Mendez, also CIA, said"

        def noun_phrase_start(token: Token) -> bool:
            return (
                token.is_capitalised
                or token.lower in lexicon.DETERMINERS
                or token.lower in lexicon.TITLE_WORDS
                or token.lower in lexicon.PERSON_NOUNS
            )

        def described(part: tuple[int, int]) -> bool:  # "retail expert from …"
            return noun_phrase_start(self.tokens[part[0]]) or any(
                self.tokens[i].lower in lexicon.PERSON_NOUNS | lexicon.TITLE_WORDS
                for i in range(part[0], min(part[1], part[0] + 3))
            )

        if not (described(chunk) and described(head)):
            return False
        first, second = chunk, head
        return (self._is_name(first) and self._describes(second)) or (
            self._is_name(second) and self._describes(first)
        )

    def _is_name(self, chunk: tuple[int, int]) -> bool:
        """Opens with a personal name: "Doug Miller of Milltech Marine", "Tomasz Kubiak"."""
        tokens = [t for t in self.tokens[chunk[0] : chunk[1]] if t.text != "."]
        capitalised = 0
        for token in tokens:
            if not token.is_capitalised:
                break
            capitalised += 1
        ending = 0
        for token in reversed(tokens):
            if not token.is_capitalised:
                break
            ending += 1
        # "Tomasz Kubiak", "Doug Miller of Milltech Marine", "Mendez's wife Jonna Mendez"
        return capitalised >= 2 or ending >= 2 or (capitalised == len(tokens) and capitalised >= 1)

    def _describes(self, chunk: tuple[int, int]) -> bool:
        """Says who or what someone is: "a fire service spokesman", "a firm specialising in …"."""
        return any(
            t.lower in lexicon.PERSON_NOUNS
            or t.lower in lexicon.TITLE_WORDS
            or t.lower in lexicon.ORGANISATION_WORDS
            for t in self.tokens[chunk[0] : chunk[1]]
        )

    def _looks_finite(self, index: int) -> bool:
        token = self.tokens[index]
        word = token.lower
        if token.quote is not None:
            return False
        if index > 0 and self.tokens[index - 1].lower in ("to", "("):
            return False  # "to expect": an infinitive; "(retired)": a bracketed aside
        if word in lexicon.FINITE or word.endswith("n't"):
            return True
        return (
            word.endswith("ed")
            and len(word) > 4
            and word not in lexicon.NOT_VERBS_ENDING_ED
            and not token.is_capitalised
        )

    def _present_verb(self, index: int, first: int) -> bool:
        """A verb in "-s" after its subject, recognised by the object that follows it: "the scope
        allows it", "the constitution prohibits “…”"; not "US states as", "employee concerns
        that"."""
        token = self.tokens[index]
        word = token.text
        if (
            index <= first
            or not word.islower()
            or not word.endswith("s")
            or word.endswith(("ss", "us", "is", "ics", "ous"))
            or word in lexicon.NOT_VERBS_ENDING_S
            or len(word) < 4
        ):
            return False
        previous = self.tokens[index - 1]
        if not previous.is_word or previous.lower in lexicon.FUNCTION_WORDS:
            return False
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        if following is None:
            return False
        return (
            following.quote is not None
            or following.lower in lexicon.DETERMINERS | lexicon.OBJECT_PRONOUNS
            or following.is_capitalised
        )

    def _opens_with_participle(self, chunk: tuple[int, int]) -> bool:
        """ "Asked whether …", "Speaking to reporters …": an opener, not a clause of the source's."""
        first = self.tokens[chunk[0]].lower
        following = self.tokens[chunk[0] + 1].lower if chunk[0] + 1 < chunk[1] else ""
        if first in (
            "when",
            "if",
            "while",
            "after",
            "before",
            "although",
            "because",
            "as",
            "once",
            "unless",
            "since",
            "though",
        ):
            return True  # "When asked about plans, she said …": an adverbial clause
        participle = first.endswith(("ed", "ing")) or first in lexicon.VERB_FORMS
        return participle and (
            following in lexicon.PREPOSITIONS
            or following in ("whether", "what", "why", "how", "who", "if", "that", "by")
            or following in lexicon.OBJECT_PRONOUNS
            or following in lexicon.DETERMINERS
        )

    def _has_main_finite(self, chunk: tuple[int, int]) -> bool:
        """A finite verb that is not inside a relative clause ("who had investigated")."""
        for index in range(*chunk):
            if self.tokens[index].lower in ("who", "which", "that", "whose"):
                return False
            adjective = index == chunk[0] and index + 1 < chunk[1]  # "informed sources"
            if (
                self._looks_finite(index)
                and not adjective
                and not (index + 1 < len(self.tokens) and self.tokens[index + 1].lower == "by")
                and not self._describes_a_document(index)
            ):
                return True
        return False

    def _describes_a_document(self, index: int) -> bool:
        """ "a tweet sent from his account", "a statement posted to …": the participle describes
        the document before it; it is no verb of the sentence."""
        before = self.tokens[index - 1].lower if index > 0 else ""
        after = self.tokens[index + 1].lower if index + 1 < len(self.tokens) else ""
        return (
            self.tokens[index].lower.endswith(("ed", "sent", "written"))
            and before in lexicon.DOCUMENTS
            and (after in lexicon.PREPOSITIONS or after in ("by", "on", "to"))
        )

    def _after_last_finite(self, chunk: tuple[int, int]) -> tuple[int, int] | None:
        last = max(i for i in range(*chunk) if self._looks_finite(i))
        first = last + 1
        while first < chunk[1] and (
            self.tokens[first].lower in lexicon.TIME_WORDS
            or self.tokens[first].lower in ("on", "in", "late", "early")
        ):
            first += 1
        return (first, chunk[1]) if first < chunk[1] else None

    def _has_finite(self, chunk: tuple[int, int]) -> bool:
        return any(self._looks_finite(i) for i in range(*chunk))

    def _clause_start(self, start: int, limit: int) -> int:
        """Where a clause placed before its verb starts: after an opening "According to X,"."""
        for index in range(limit - 1, start - 1, -1):
            token = self.tokens[index]
            if token.text in (";", ":"):
                return index + 1
        return start

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
        if self._in_relative(start, before):
            return cue  # "Women, who make up 16%, according to X, serve …": the relative's figure
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

    def _names_a_person(self, start: int, end: int) -> bool:
        """Words that describe a person ("the El Paso mayor"), not a document or a body."""
        words = [self.tokens[i].lower for i in range(start, end)]
        return not any(w in lexicon.DOCUMENTS for w in words) and any(
            w.rstrip("s") in lexicon.PERSON_NOUNS | lexicon.TITLE_WORDS for w in words
        )

    def _in_relative(self, start: int, index: int) -> bool:
        """Whether ``index`` falls in a relative clause set off by a comma and not yet closed."""
        for position in range(index - 1, start, -1):
            token = self.tokens[position]
            if token.text == "," and position < index - 1:
                return False
            if token.lower in ("who", "which") and self.tokens[position - 1].text == ",":
                return True
        return False

    def _verb_ends(self, index: int, cue: Cue) -> bool:
        """ "X decided, according to the summary, “…”": words that end with their verb, with
        more words after the source, are no clause of the source's; they are the verb's object."""
        source_end = cue.subject[1] if cue.subject else len(self.tokens)
        more = source_end < len(self.tokens) and self.tokens[source_end].text == ","
        word = self.tokens[index].text
        auxiliary = index > 0 and self.tokens[index - 1].lower in lexicon.AUXILIARIES
        verb = word in lexicon.VERB_FORMS or word in lexicon.DECIDING
        return more and verb and not auxiliary

    def _is_adjunct_word(self, index: int) -> bool:
        word = self.tokens[index].lower
        return (
            word in lexicon.TIME_WORDS
            or word in lexicon.LEADING_ADVERBS
            or word in (",", "on", "in", "at")
        )

    # -- complements ------------------------------------------------------------------------

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
            if token.text in (";", ":", ",", *_DASHES) or self._looks_finite(position):
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

    def _that_ahead(self, index: int, end: int) -> int | None:
        """ "said in a financial filing to the U.S. Securities and Exchange Commission that …":
        "that" after words with no verb, comma or quotation opens the clause, however long the
        words before it."""
        for position in range(index, min(end, index + 16)):
            token = self.tokens[position]
            if token.lower == "that":
                return position if position > index and self._complementiser(position) else None
            if token.quote is not None or token.text in ",;:" or self._looks_finite(position):
                return None
        return None

    @staticmethod
    def _infinitive(token: Token) -> bool:
        """The verb after "to": a lower-case word that opens no noun phrase."""
        return (
            token.is_word
            and token.text.islower()
            and token.lower not in lexicon.DETERMINERS
            and not token.text[:1].isdigit()
        )

    def _complementiser(self, index: int) -> bool:
        """ "that" opening a clause, not the determiner of "on the appeal of that decision"."""
        previous = self.tokens[index - 1].lower if index else ""
        return self.tokens[index].lower == "that" and previous not in lexicon.PREPOSITIONS | {"of"}

    def _after_hearer(self, index: int, end: int) -> int:
        """Past the object of "told": "told reporters", "told the court he was …", "told The
        Jakarta Post radio broadcasts were …", "told The Daily Star, a local outlet, that …"."""
        tokens = self.tokens
        word = tokens[index].lower
        if word in lexicon.OBJECT_PRONOUNS or word in ("reporters", "journalists"):
            index += 1
        elif (
            word in ("the", "our", "a", "an", "local", "those", "his", "her", "their")
            and index + 1 < end
        ):
            stop = index + 1
            while (
                stop < min(end, index + 8)
                and tokens[stop].lower != "that"
                and (tokens[stop].is_word and tokens[stop].lower not in lexicon.SUBJECT_PRONOUNS)
            ):
                stop += 1
            if stop < end and (tokens[stop].lower == "that" or tokens[stop].text in (",", ":")):
                index = stop
            else:
                index += 2
                while index < end and tokens[index].is_capitalised:
                    index += 1
        elif tokens[index].text.isupper() and len(tokens[index].text) > 1:
            name_end = index + 1
            while name_end < end and tokens[name_end].is_capitalised:
                name_end += 1
            opens = name_end < end and tokens[name_end].lower in lexicon.CLAUSE_STARTERS
            # "told CNN Philippines the towns …"; "told MSNBC Cummings “was a great man”"
            index = name_end if opens else index + 1
        elif tokens[index].is_capitalised:
            while index < end and (
                tokens[index].is_capitalised or tokens[index].lower in ("of", "'s", "’s")
            ):
                index += 1
        if index < end and tokens[index].text == ",":
            that = next(
                (i for i in range(index + 1, min(end, index + 9)) if tokens[i].lower == "that"),
                None,
            )
            if that is not None and not any(self._looks_finite(i) for i in range(index + 1, that)):
                index = that  # "told The Daily Star, a local news outlet, that …"
        return index

    def _quote_after_object(self, index: int, end: int) -> int:
        """ "told Paul Rivera of WESH 2 news, “…”": words with no verb, a comma, a quotation."""
        for position in range(index, min(end, index + 10)):
            token = self.tokens[position]
            if token.quote is not None:
                return index
            if self._looks_finite(position) or token.lower in ("that", "and"):
                return index
            following = self.tokens[position + 1] if position + 1 < end else None
            if token.text in (",", ":") and following is not None and following.quote is not None:
                return position + 1
        return index

    def _quote_run(self, index: int, end: int) -> list[int] | None:
        """The quotations that make up a whole complement ("said “A” and “B”"), or None."""
        quotes = []
        while index < end:
            token = self.tokens[index]
            if token.quote is not None:
                quotes.append(index)
            elif (
                token.text == ","
                and quotes
                and not (index + 1 < end and self.tokens[index + 1].quote is not None)
            ):
                return quotes
            elif token.lower not in ("and", ",", ".", "!", "?", ":", ";", "(", ")"):
                if quotes and self._closes_with_comma(index - 1) and token.lower.endswith("ing"):
                    return quotes  # "added “…,” referring to …": the writer's participle
                return quotes if self._only_adjuncts(index, end) else None
            index += 1
        return quotes

    def _closes_with_comma(self, index: int) -> bool:
        """A quotation whose words end with a comma: “…,” the sentence goes on."""
        token = self.tokens[index]
        if token.quote is None:
            return False
        span = self.spans[token.quote]
        return self.text[span.start : span.end].rstrip().endswith(",")

    def _only_adjuncts(self, index: int, end: int) -> bool:
        """Only time words, "in a statement", "on Twitter" and the like up to the end."""
        words = [t for t in self.tokens[index:end] if t.text not in ",.!?"]
        if not words:
            return True
        if len(words) > 7 or any(t.quote is not None for t in words):
            return False
        first = words[0].lower
        return (
            first in lexicon.PREPOSITIONS or first in lexicon.TIME_WORDS or first == "late"
        ) and not any(self._looks_finite(self.tokens.index(t)) for t in words)

    def _looks_like_clause(self, index: int, end: int) -> bool:
        """A content clause rather than a noun object: a subject, then a finite verb soon."""
        first = self.tokens[index]
        if first.lower in ("he", "she", "it", "they", "we", "there", "i"):
            return True
        if first.lower in lexicon.PREPOSITIONS - {"if", "as", "while", "when", "because"}:
            return False
        if first.lower in ("to", "for", "about", "on"):
            return False
        quoted = index + 1 < end and self.tokens[index + 1].quote is not None
        if first.lower in lexicon.DETERMINERS and quoted:
            return False  # "noted his “strength, passion and wisdom”": a noun phrase
        limit = min(end, index + _MAX_CLAUSE_LOOKAHEAD)
        for position in range(index + 1 if first.lower not in ("if",) else index + 2, limit):
            token = self.tokens[position]
            if token.lower in ("that", "which", "who", "whose", "whom", "whereby", "where"):
                return False  # "denied all claims that …": a noun and its complement
            following = self.tokens[position + 1] if position + 1 < end else None
            if (
                token.lower in lexicon.SUBORDINATORS
                and self.tokens[position - 1].text != ","
                and following is not None
                and (following.is_capitalised or following.lower in lexicon.CLAUSE_STARTERS)
            ):
                return False  # "declared a state of emergency as the storm approaches …"
            if token.text in lexicon.PARTICIPLES:
                return False  # "posted a message on Facebook announcing …": a noun object
            if (
                token.lower in ("and", "but", "or")
                and position + 1 < end
                and (
                    self.tokens[position - 1].text == ","
                    or self._looks_finite(position + 1)
                    or self.tokens[position + 1].text in lexicon.VERB_FORMS
                )
            ):
                return False  # "a rise in profit and said …", "6606 lives, and 167,515 cases …"
            if (
                token.quote is not None
                and position <= index + 3
                and not self.spans[token.quote].name_like
            ):
                return True  # "authorities “are still waiting …”"
            if self._looks_finite(position) or self._present_verb(position, index):
                word = token.lower
                following = self.tokens[position + 1].lower if position + 1 < end else ""
                previous = self.tokens[position - 1].lower
                auxiliary = word in lexicon.AUXILIARIES
                reduced = (following == "by" and not auxiliary) or (
                    word.endswith("ed")
                    and word not in lexicon.FINITE
                    and (
                        (
                            following in lexicon.PREPOSITIONS
                            and not previous.endswith("s")
                            and not self.tokens[position - 1].is_capitalised
                            and previous not in lexicon.SUBJECT_PRONOUNS
                        )
                        or previous.endswith("ly")
                        or previous in ("first", "also", "recently", "previously", "newly")
                    )
                )  # "the disease first recognized about two months ago": no clause
                if not reduced:
                    return True
        return False

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

    def _relative_before(self, index: int, first: int) -> bool:
        """ "…, who it said had worked under pressure": a cue inside the clause's own relative."""
        return index - 1 >= first and self.tokens[index - 1].lower in ("who", "which", "that")

    # -- speakers ---------------------------------------------------------------------------

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

    def _report(self, cue: Cue, clause: tuple[int, int]) -> None:
        if not cue.reports:
            return
        start, end = self.tokens[clause[0]].start, self.tokens[clause[1] - 1].end
        text = self.text[start:end]
        if len(text.split()) < 2:
            return
        opening = self.tokens[clause[0]].lower
        for entity in cue.entities:
            entity.spoke = True
            if entity.kind == "person" and entity.gender is None and opening in ("he", "she"):
                entity.gender = "m" if opening == "he" else "f"  # "X said she …": X is a she
            self.found.append(Found(entity, start, end, direct=False))

    def _assign_quotes(self, start, end, cues, previous, lead_in, number) -> Entity | None:
        quote_tokens = [
            i
            for i in range(start, end)
            if self.tokens[i].quote is not None and not self.spans[self.tokens[i].quote].name_like
        ]
        last = None
        for index in quote_tokens:
            entity = self._speaker_for(index, start, end, cues)
            quote_sentence = self._is_quote_sentence(start, end)
            if entity is None and quote_sentence:
                entity = lead_in or previous
            if entity is None and quote_sentence and number == 0 and index == start:
                entity = self.last_speaker
            if entity is None:
                continue
            span = self.spans[self.tokens[index].quote]
            if span.end - span.start < 1:
                continue
            entity.spoke = True
            self.found.append(Found(entity, span.start, span.end, direct=True))
            last = entity
        return last

    def _is_quote_sentence(self, start: int, end: int) -> bool:
        """A sentence of quotations with hardly a word of the writer's: it can continue the
        previous speaker, where "The campaign recycled a statement: “…”" cannot."""
        words = [t for t in self.tokens[start:end] if t.is_word]
        return len(words) <= 3

    def _speaker_for(self, index: int, start: int, end: int, cues: list[Cue]) -> Entity | None:
        if end - start > _MAX_SENTENCE_TOKENS:
            return None
        chunks = self._chunks(start, end)
        opener = chunks[0] if chunks else (start, start)
        if (
            opener[0] <= index < opener[1]
            and self._opens_with_participle(opener)
            and (opener[1] < end)
        ):
            return None  # "Asked whether Germany should adopt a “canicule” alert, she said"
        for cue in cues:  # the cue the quotation stands next to, then the clause holding it
            if index in cue.quotes:
                return cue.entities[0]
        for cue in cues:
            if any(c[0] <= index < c[1] for c in cue.clauses):
                return cue.entities[0]
        if cues:  # the nearest cue, one in a relative clause only if there is no other
            main = [cue for cue in cues if not cue.relative] or cues
            nearest = min(main, key=lambda cue: abs(cue.verb - index))
            return nearest.entities[0]
        return self._clause_subject(index, start)

    def _introduced(self, index: int) -> bool:
        """A quotation set off by a colon or comma that ends its sentence: "Tanya Chan spoke to
        the press: “…”", "Jagger reacted on Twitter, “…”": the subject's words."""
        following = [t for t in self.tokens[index + 1 : index + 3] if t.text not in ".!?)"]
        return index > 0 and self.tokens[index - 1].text in (":", ",") and not following

    def _clause_subject(self, index: int, start: int) -> Entity | None:
        """The subject of the verb the quotation depends on: "Schiff called it “…”"."""
        verb = None
        for position in range(index - 1, start - 1, -1):
            if self.tokens[position].lower in ("named", "called", "dubbed", "titled") and (
                position - 1 >= start and self.tokens[position - 1].lower in ("was", "is", "be")
            ):
                return None
            if self._looks_finite(position) or self.tokens[position].text in lexicon.VERB_FORMS:
                verb = position
        if verb is None:
            return None
        back = self._skip_back(verb - 1, start)
        if back < start:
            return None
        cue = self._subject_before(verb, "", start, back)
        if cue is None or not cue.entities:
            return None
        entity = cue.entities[0]
        if self.tokens[verb].text not in lexicon.VERB_FORMS and not (
            entity.kind != "institution" and self._introduced(index)
        ):
            return None  # "Officials held “… consultations”": a name, not their words
        if entity.kind == "institution" and not entity.spoke:
            return None
        return entity
