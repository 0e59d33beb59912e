"""Which earlier source a mention is: the speaker-linking step.

``Registry.link`` turns a ``Mention`` (read by ``phrases.parse``) into an ``Entity``, one per
distinct source: surnames and spelling variants go to the full name mentioned earlier, pronouns
to the subject of the sentence before (or the most recent person of matching gender or body of
matching number), roles to the person or body whose title holds the role, identical descriptions
to one anonymous source. Anything it cannot link with confidence stays unlinked rather than
going to a wrong source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importer.extraction import lexicon
from importer.extraction.phrases import (
    Mention,
    capitalised_runs,
    describing_appositive,
    is_acronym,
    is_main_subject,
    is_org_word,
    name_start,
    person_mention,
    plain,
    surname_of,
    text_of,
)
from importer.extraction.sentences import Token

# How far back (in tokens of the story) a pronoun or role may reach for its referent.
_REACH = 400


@dataclass
class Entity:
    kind: str  # "person", "anonymous" or "institution"
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    description: str | None = None
    gender: str | None = None
    plural: bool = False
    aliases: set[str] = field(default_factory=set)
    seen: int = 0  # position (in tokens of the story) of the latest mention
    salient: int = -1  # position of the latest mention not after a preposition
    subject: int = -1  # position of the latest mention as the subject of a main clause
    spoke: bool = False  # has been a speaker: the likeliest referent of a pronoun
    titled: bool = False  # introduced with a title or description: a person, not a place

    @property
    def surname(self) -> str:
        return surname_of(self.name) if self.name else ""

    def role_words(self) -> set[str]:
        words = set()
        for text in (self.title, self.description, self.organisation, self.name):
            words.update(plain(word) for word in (text or "").split())
        for word in list(words):
            words.update(lexicon.ROLE_SYNONYMS.get(word, ()))
        return words


class Registry:
    """Every source the story has mentioned so far, indexed by surname, name word, description
    and organisation, so that linking costs the same however long the story is."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_recency: dict[int, Entity] = {}  # most recently mentioned last
        self._people_by_word: dict[str, list[Entity]] = {}
        self._people_by_initial: dict[str, list[Entity]] = {}
        self._anonymous: dict[str, Entity] = {}
        self._institutions: dict[tuple[str, ...], Entity] = {}
        self._institutions_by_tail: dict[tuple[str, ...], list[Entity]] = {}
        self._aliases: dict[str, Entity] = {}
        self._candidates: dict[str, str] = {}  # last word → a name seen only after a preposition
        self._sentence_starts: list[int] = [-1]  # where each sentence observed so far starts

    def link(
        self, mention: Mention, position: int, *, salient: bool = True, subject: bool = True
    ) -> Entity | None:
        """The source a mention names; ``salient`` when the mention is no object of a
        preposition, ``subject`` when it is the subject of a main clause (a speaker's is)."""
        entity = self._find(mention, position)
        if entity is not None:
            self._touch(entity, position, salient=salient, subject=subject and salient)
        return entity

    def _touch(self, entity: Entity, position: int, *, salient: bool, subject: bool) -> None:
        entity.seen = max(entity.seen, position)
        if salient:
            entity.salient = max(entity.salient, position)
        if subject:
            entity.subject = max(entity.subject, position)
        self._by_recency.pop(id(entity), None)
        self._by_recency[id(entity)] = entity

    def _add(self, entity: Entity) -> Entity:
        self.entities.append(entity)
        self._by_recency[id(entity)] = entity
        if entity.kind == "person" and entity.name:
            self._index_person(entity)
        elif entity.kind == "institution":
            words = _organisation_words(entity.organisation)
            self._institutions.setdefault(words, entity)
            self._institutions_by_tail.setdefault(words[-2:], []).append(entity)
            for alias in entity.aliases:
                self._aliases.setdefault(alias, entity)
        elif entity.kind == "anonymous":
            self._anonymous.setdefault((entity.description or "").lower(), entity)
        return entity

    def _index_person(self, entity: Entity) -> None:
        for word in (entity.name or "").lower().split():
            people = self._people_by_word.setdefault(word, [])
            if entity not in people:
                people.append(entity)
        people = self._people_by_initial.setdefault(entity.surname[:1], [])
        if entity not in people:
            people.append(entity)

    def _find(self, mention: Mention, position: int) -> Entity | None:
        kind = mention.kind
        if kind in ("anonymous", "role") and " " not in mention.text.strip():
            # "Person said" after "Dana Person": a capitalised surname, not the noun "person"
            known = (
                self._known_surname(mention.text.strip()) if mention.text[:1].isupper() else None
            )
            if known is not None:
                return known
        if kind == "pronoun":
            return self._pronoun(mention, position)
        if kind == "role":
            found = self._role(mention, position)
            return found or self._new_anonymous(mention, position)
        if kind == "body":
            return self._body(mention, position)
        if kind == "surname":
            return self._surname(mention.name or "", position)
        if kind == "person":
            return self._person(mention, position)
        if kind == "anonymous":
            return self._new_anonymous(mention, position)
        return self._institution(mention, position)

    def _recent(self, position: int):
        """Entities within reach of ``position``, most recently mentioned first."""
        for entity in reversed(self._by_recency.values()):
            if position - entity.seen > _REACH:
                return
            yield entity

    def _pronoun(self, mention: Mention, position: int) -> Entity | None:
        head = mention.head
        if head in ("he", "she"):
            gender = "m" if head == "he" else "f"
            candidates = [
                e
                for e in self._recent(position)
                if e.kind != "institution"
                and not e.plural
                and e.gender in (None, gender)
                and e.salient >= 0
            ]
            candidates.sort(key=lambda e: e.salient, reverse=True)
            # the subject of the previous sentence (or of this one), the speaker first among
            # them; else the latest subject of the last three sentences; else the latest person
            # who spoke or was introduced with a title
            recent = [e for e in candidates if e.subject >= self._sentence_starts[-1]]
            recent.sort(key=lambda e: not e.spoke)
            earlier = [e for e in candidates if e.subject >= self._sentence_starts[-3:][0]]
            earlier.sort(key=lambda e: e.subject, reverse=True)
            chosen = recent[:1] or earlier[:1]
            for entity in chosen + candidates:
                if entity in chosen or entity.spoke or entity.titled or entity.kind == "anonymous":
                    entity.gender = gender
                    return entity
            if candidates:
                candidates[0].gender = gender  # "Daniel Reyes, 47, was sentenced. He told …"
                return candidates[0]
            return None
        if head == "it":  # a body, or a document that spoke ("a statement …. It also said")
            for entity in self._recent(position):
                if entity.kind == "institution" or entity.gender == "n":
                    return entity
            return None
        for entity in self._recent(position):  # they, we
            if entity.plural or entity.kind == "institution":
                return entity
        return None

    def _role(self, mention: Mention, position: int) -> Entity | None:
        head = mention.head or ""
        wanted = {head, *lexicon.ROLE_SYNONYMS.get(head, ())}
        modifiers = {plain(w) for w in (mention.title or "").split()[:-1]}
        for entity in self._recent(position):
            if entity.kind == "institution" or entity.plural:
                continue
            words = entity.role_words()
            if wanted & words and modifiers <= words | {"the"}:
                return entity
        return None

    def _body(self, mention: Mention, position: int) -> Entity | None:
        head = mention.head or ""
        institutions = [e for e in self._recent(position) if e.kind == "institution"]
        for entity in institutions:
            if head in {plain(w) for w in (entity.organisation or "").split()}:
                return entity
        if mention.organisation is None:
            return None  # "the decision" with no court named: nobody to give it to
        if institutions and head in lexicon.ORGANISATION_ROLES | lexicon.DOCUMENTS:
            return institutions[0]  # "the company", "the report": the body named last
        return self._institution(mention, position)

    def _latest(self, entities: list[Entity]) -> Entity | None:
        return max(entities, key=lambda entity: entity.seen, default=None)

    def _surname(self, word: str, position: int) -> Entity | None:
        lowered = word.lower()
        people = self._people_by_word.get(lowered, [])
        same = [e for e in people if e.surname == lowered]
        # "Biden said" after "Hunter Biden": the Biden who has been speaking
        found = self._latest([e for e in same if e.spoke]) or self._latest(same)
        found = found or self._latest(people)
        if found is not None:
            return found
        if lowered in self._candidates:  # "at the behest of Boris Johnson …. Johnson said"
            name = self._candidates[lowered]
            return self._person(Mention("person", name, name=name), position)
        if len(lowered) >= 5:
            variants = [
                e
                for e in self._people_by_initial.get(lowered[:1], [])
                if _one_edit_apart(lowered, e.surname)
            ]
            if variants:
                return self._latest(variants)  # "Saree" for "Sarea": a spelling variant
        if lowered in self._aliases:
            return self._aliases[lowered]
        return self._institution(Mention("institution", word, organisation=word), position)

    def _person(self, mention: Mention, position: int) -> Entity:
        name = mention.name or ""
        surname = surname_of(name)
        same_surname = [e for e in self._people_by_word.get(surname, []) if e.surname == surname]
        for entity in sorted(same_surname, key=lambda e: e.seen, reverse=True):
            first, other = name.split()[0].lower(), entity.name.split()[0].lower()
            short = len(name.split()) == 1 or first in lexicon.NAME_PARTICLES
            if first == other or short or first[:1] == other[:1]:
                if len(name) > len(entity.name or ""):
                    entity.name = name
                    self._index_person(entity)
                self._improve(entity, mention)
                return entity
        if len(name.split()) == 1:  # "Mr Tong" after "Tong Yung-soo": a word of a known name
            known = self._latest(self._people_by_word.get(surname, []))
            if known is not None:
                self._improve(known, mention)
                return known
        entity = Entity(
            "person",
            name=name,
            title=mention.title,
            gender=mention.gender,
            organisation=mention.organisation,
            seen=position,
            titled=bool(mention.title),
        )
        return self._add(entity)

    @staticmethod
    def _improve(entity: Entity, mention: Mention) -> None:
        entity.title = entity.title or mention.title
        entity.organisation = entity.organisation or mention.organisation
        entity.gender = entity.gender or mention.gender
        entity.titled = entity.titled or bool(mention.title)

    def _new_anonymous(self, mention: Mention, position: int) -> Entity:
        description = mention.text
        if description.lower() in self._anonymous:
            return self._anonymous[description.lower()]
        entity = Entity(
            "anonymous",
            title=mention.title,
            organisation=mention.organisation,
            description=description,
            plural=mention.plural,
            gender=mention.gender,
            seen=position,
            titled=True,
        )
        return self._add(entity)

    def _institution(self, mention: Mention, position: int) -> Entity:
        organisation = mention.organisation or mention.text
        words = _organisation_words(organisation)
        if len(words) == 1 and words[0] in self._aliases:
            return self._aliases[words[0]]
        if words in self._institutions:
            return self._institutions[words]
        if len(words) >= 2:
            for entity in self._institutions_by_tail.get(words[-2:], []):
                if _organisation_words(entity.organisation)[-len(words) :] == words:
                    return entity  # "state media" after "Syrian state media"
        entity = Entity("institution", organisation=organisation, seen=position, plural=True)
        entity.aliases.update(mention.aliases)
        initials = "".join(w[0] for w in organisation.split() if w[:1].isupper())
        if len(initials) >= 2:
            entity.aliases.add(initials.lower())
        return self._add(entity)

    def expect(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Note the full names of a sentence before its attributions are read, so that "…
        Oleksiy Honcharuk's offer …, seemingly Honcharuk, says …" finds the name. Returns the
        sentence's runs of capitalised words, for ``observe``."""
        runs = capitalised_runs(tokens)
        for start, end in runs:
            run = tokens[start:end]
            split = name_start(run, after=tokens[start - 1].lower if start else "")
            name = [t.text for t in run[split or 0 :] if t.text != "."]
            if split is not None and len(name) >= 2:
                self._candidates.setdefault(surname_of(" ".join(name)), " ".join(name))
        return runs

    def observe(self, tokens: list[Token], paragraph: str, position: int, runs=None) -> None:
        self._sentence_starts.append(position)
        self._observe_names(tokens, paragraph, position, runs or capitalised_runs(tokens))

    def _observe_names(self, tokens, paragraph: str, position: int, runs) -> None:
        """Note the people a sentence names without quoting them ("national security advisor
        John R. Bolton's resignation"), so that a later "Bolton said" or "he said" finds them. A
        name after a preposition or before "'s" is no subject: a pronoun looks past it."""
        for start, end in runs:
            run = tokens[start:end]
            before = tokens[start - 1] if start else None
            ahead = tokens[start - 2] if start > 1 else None
            if (
                before is not None
                and plain(before.text) in lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS
            ):
                before, ahead = ahead, None
            back = start - 1
            while back >= 0 and (
                tokens[back].lower in lexicon.DETERMINERS or tokens[back].lower in ("'s", "’s")
            ):
                back -= 1
            preposition = back >= 0 and tokens[back].lower in lexicon.PREPOSITIONS
            possessor = end < len(tokens) and tokens[end].text in ("'s", "’s")
            opening = (
                possessor
                and start <= 4
                and all(
                    t.lower in lexicon.DETERMINERS or plain(t.text) in lexicon.TITLE_WORDS
                    for t in tokens[:start]
                )
            )  # "Actor Brendan Fraser's appearance was …": the sentence is about Fraser
            oblique = preposition or (possessor and not opening)
            subject = (possessor and opening) or (
                not oblique and is_main_subject(tokens, start, end)
            )
            if end - start == 1:
                known = self._known_surname(run[0].text)
                if known is not None:
                    self._touch(known, position + start, salient=not oblique, subject=subject)
                continue
            split = name_start(run, after=tokens[start - 1].lower if start else "")
            if split is None:
                if any(is_org_word(t) for t in run) and not all(is_acronym(t.text) for t in run):
                    name = run
                    after = [t.text for t in tokens[end : end + 3]]
                    if len(after) == 3 and after[0] == "(" and after[2] == ")":
                        name = tokens[start : end + 3]  # "United Nations (UN)", as written
                    mention = Mention(
                        "institution",
                        text_of(run, paragraph),
                        organisation=text_of(name, paragraph),
                    )
                    self.link(mention, position + start, salient=not oblique, subject=subject)
                continue
            appositive = describing_appositive(tokens, end)
            if (
                before is not None
                and before.lower
                in ("of", "from", "at", "in", "to", "since", "until", "after", "before", "during")
                and (end - start <= 2 and split == 0)
                and not appositive
            ):
                # "in Saudi Arabia", "of Milltech Marine": a place or a body, unless a later
                # "Arabia said" shows the words were a person's name
                self._candidates[run[-1].lower] = " ".join(t.text for t in run)
                continue
            previous = tokens[start - 1] if start else None
            titled = any(plain(t.text) in lexicon.TITLE_WORDS for t in run[:split]) or (
                previous is not None
                and plain(previous.text) in lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS
            )
            title_tokens = run[:split] or ([previous] if titled and previous is not None else [])
            if appositive:
                titled = True
                title_tokens = title_tokens or appositive
            mention = person_mention(
                run[split:], text_of(title_tokens, paragraph) or None, None, paragraph, title_tokens
            )
            entity = self.link(mention, position + start, salient=not oblique, subject=subject)
            if entity is not None and titled:
                entity.titled = True

    def observe_role(self, tokens: list[Token], paragraph: str, position: int) -> None:
        """ "The judge was not satisfied.": a role as a sentence's subject is a mention of the
        person who holds it, and the likeliest referent of the next "he" or "she"."""
        if len(tokens) < 3 or tokens[0].lower != "the" or not tokens[2].is_word:
            return
        head = plain(tokens[1].text)
        singular = tokens[1].lower == head or tokens[1].lower in lexicon.TITLE_WORDS
        if singular and (head in lexicon.TITLE_WORDS or head in lexicon.PERSON_NOUNS):
            mention = Mention(
                "role", text_of(tokens[:2], paragraph), head=head, title=tokens[1].text
            )
            found = self._role(mention, position)
            if found is not None:
                self._touch(found, position, salient=True, subject=True)

    def _known_surname(self, word: str) -> Entity | None:
        lowered = word.lower()
        return self._latest(
            [e for e in self._people_by_word.get(lowered, []) if e.surname == lowered]
        )


def _organisation_words(organisation: str | None) -> tuple[str, ...]:
    return tuple(w.lower() for w in (organisation or "").split() if w.lower() != "the")


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or a[:1] != b[:1]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


_KINDS = (
    (
        "spokesperson",
        ("spokesman", "spokeswoman", "spokesperson", "press secretary", "press officer"),
    ),
    (
        "analyst",
        (
            " analyst",
            "commentator",
            "columnist",
            "correspondent",
            "journalist",
            "presenter",
            "broadcaster",
        ),
    ),
    (
        "expert",
        (
            "expert",
            "professor",
            "lawyer",
            "economist",
            "scientist",
            "physician",
            "doctor",
            "researcher",
            "academic",
            "lecturer",
            "ologist",
            "attorney",
            "scholar",
            "dr ",
            "dr. ",
            "prof",
        ),
    ),
    (
        "politician",
        (
            "minister",
            "president",
            "senator",
            "governor",
            "mayor",
            " mp ",
            "lawmaker",
            "legislator",
            "congressman",
            "congresswoman",
            "chancellor",
            "premier",
            "king",
            "queen",
            " mna ",
            " mpa ",
            " mla ",
            "speaker",
            "prime",
            "member of parliament",
            "representative",
            "whip",
            "leader",
        ),
    ),
    (
        "official",
        (
            "secretary",
            "ambassador",
            "official",
            "officer",
            "director",
            "chairman",
            "chairwoman",
            "commissioner",
            "executive",
            "chief",
            "envoy",
            "head",
            "superintendent",
            "inspector",
            "commander",
            "admiral",
            "general",
            "marshal",
            "commodore",
            " ssp ",
            " sp ",
            " dig ",
            " igp ",
            " aig ",
            " sho ",
            " dsp ",
            "judge",
            "justice",
            "rapporteur",
            "prosecutor",
        ),
    ),
)


def kind_of(title: str | None) -> str:
    """The guidelines' kind of a named person, from the title the story gives them."""
    text = f" {(title or '').lower()} "
    for kind, words in _KINDS:
        if any(word in text for word in words):
            return kind
    return "citizen"
