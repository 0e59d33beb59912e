"""The writer's grammar in one paragraph, read from its tokens: finite verbs (including the
"-s" present), clauses and where they end, noun phrases, appositives and adjuncts between
commas, hearers after "told", and quotations set off by punctuation.

Every test here is a bounded look at a few tokens around a position; none knows about sources.
``cues`` builds the reporting cues on top of it and ``attribution`` the sieve.
"""

from __future__ import annotations

from importer.extraction import lexicon
from importer.extraction.marks import Span
from importer.extraction.sentences import ABBREVIATIONS, Token

# Bounds that keep the work linear on pathological input; real sentences are far inside them.
MAX_SUBJECT_TOKENS = 30
MAX_CLAUSE_LOOKAHEAD = 12
DASHES = ("—", "–", "-")


class Grammar:
    """Questions about the syntax of one paragraph, asked by token index."""

    def __init__(self, text: str, tokens: list[Token], spans: list[Span]):
        self.text = text
        self.tokens: list[Token] = tokens
        self.spans: list[Span] = spans

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
                and word not in lexicon.WEEKDAYS | lexicon.MONTHS
                and index > start
                and self.tokens[index - 1].is_capitalised
            )  # "USA Today noted": a name; "Biden Monday said": a time
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
        if index == first or index - first > MAX_SUBJECT_TOKENS:
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
            or first in ("like", "unlike", "such", "including", "especially")  # "critics, like X,"
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

    def _names_a_person(self, start: int, end: int) -> bool:
        """Words that describe a person ("the El Paso mayor"), not a document or a body."""
        words = [self.tokens[i].lower for i in range(start, end)]
        return not any(w in lexicon.DOCUMENTS for w in words) and any(
            w.rstrip("s") in lexicon.PERSON_NOUNS | lexicon.TITLE_WORDS for w in words
        )

    def _in_relative(self, start: int, index: int) -> int | None:
        """The relative pronoun of a relative clause set off by a comma and still open at
        ``index``, or None."""
        for position in range(index - 1, start, -1):
            token = self.tokens[position]
            if token.text == "," and position < index - 1:
                return None
            if token.lower in ("who", "which") and self.tokens[position - 1].text == ",":
                return position
        return None

    def _is_adjunct_word(self, index: int) -> bool:
        word = self.tokens[index].lower
        return (
            word in lexicon.TIME_WORDS
            or word in lexicon.LEADING_ADVERBS
            or word in (",", "on", "in", "at")
        )

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
        if first.lower in ("to", "for", "about", "on", "so", "himself", "herself", "themselves"):
            return False  # "… so he could …": a purpose; "professed himself …": an object
        quoted = index + 1 < end and self.tokens[index + 1].quote is not None
        if first.lower in lexicon.DETERMINERS and quoted:
            return False  # "noted his “strength, passion and wisdom”": a noun phrase
        limit = min(end, index + MAX_CLAUSE_LOOKAHEAD)
        for position in range(index + 1 if first.lower not in ("if",) else index + 2, limit):
            token = self.tokens[position]
            if token.lower in ("that", "which", "who", "whose", "whom", "whereby", "where"):
                return False  # "denied all claims that …": a noun and its complement
            following = self.tokens[position + 1] if position + 1 < end else None
            if (
                token.lower in lexicon.SUBORDINATORS | {"so"}
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

    def _relative_before(self, index: int, first: int) -> bool:
        """ "…, who it said had worked under pressure": a cue inside the clause's own relative."""
        return index - 1 >= first and self.tokens[index - 1].lower in ("who", "which", "that")
