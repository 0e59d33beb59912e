"""Who a phrase names: a subject phrase read into a ``Mention``.

``parse`` reads a subject phrase ("Foreign Office Spokesman Nafees Zakaria", "a source within the
central Interior Ministry", "the WHO's website", "he") into a ``Mention``: a named person with
title, honorifics and organisation split off, an anonymous person or group described in the
story's own words, an institution, a document's owner, a pronoun, or a definite role ("the
minister", "the agency"). The helpers that tell names from bodies and subjects from objects are
shared with ``speakers``, which links mentions to sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importer.extraction import lexicon
from importer.extraction.sentences import Token


@dataclass
class Mention:
    kind: str  # "person", "anonymous", "institution", "pronoun", "role", "body"
    text: str
    name: str | None = None
    title: str | None = None
    organisation: str | None = None
    gender: str | None = None
    plural: bool = False
    head: str | None = None  # the role noun or pronoun
    aliases: tuple[str, ...] = ()


def surname_of(name: str) -> str:
    """The last word of a name that is not a suffix: "Robert Downey Jr." → "downey"."""
    words = name.lower().split()
    while len(words) > 1 and words[-1].rstrip(".") in lexicon.NAME_SUFFIXES:
        words.pop()
    return words[-1].rstrip(".") if words else ""


def plain(word: str) -> str:
    word = word.lower().strip(".,;:()'’\"")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def text_of(tokens: list[Token], paragraph: str) -> str:
    return paragraph[tokens[0].start : tokens[-1].end] if tokens else ""


def is_acronym(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    roman = set(letters) <= set("IVX")  # "Elizabeth II"
    return len(letters) >= 2 and text.isupper() and not roman


def is_org_word(token: Token) -> bool:
    words = lexicon.ORGANISATION_WORDS
    return plain(token.text) in words or token.lower in words or is_acronym(token.text)


_FUNCTION_WORDS = (
    lexicon.DETERMINERS
    | lexicon.PREPOSITIONS
    | lexicon.SUBJECT_BOUNDARIES
    | lexicon.LEADING_ADVERBS
    | lexicon.TIME_WORDS
    | lexicon.CLAUSE_STARTERS
) - lexicon.WEEKDAYS


def _is_name_token(token: Token) -> bool:
    """A word that can be part of a name: capitalised, and not a capitalised function word
    opening a sentence ("Although", "The")."""
    if token.quote is not None or token.lower in _FUNCTION_WORDS:
        return False
    if token.lower in lexicon.NAME_PARTICLES:
        return True
    return token.is_capitalised and token.text[:1].isalpha()


def _without_parentheses(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The tokens outside parentheses, and those inside ("(SDF)" gives an alias)."""
    outside, inside, depth = [], [], 0
    for token in tokens:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth:
            inside.append(token)
        else:
            outside.append(token)
    return outside, inside


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop leading conjunctions and adverbs and trailing time words and punctuation."""
    while tokens and (
        tokens[0].lower in lexicon.LEADING_ADVERBS
        or (tokens[0].text.islower() and tokens[0].text.endswith("ly") and len(tokens) > 1)
        or tokens[0].lower in lexicon.TIME_WORDS
        or tokens[0].lower in lexicon.SUBJECT_BOUNDARIES
        or not tokens[0].is_word
    ):
        if tokens[0].quote is not None:
            break
        tokens = tokens[1:]
    while tokens:
        last = tokens[-1]
        if not last.is_word and last.quote is None and last.text not in ".":
            tokens = tokens[:-1]
        elif (
            last.lower in lexicon.TIME_WORDS or last.lower in lexicon.BETWEEN_SUBJECT_AND_VERB
        ) and not (
            last.is_capitalised
            and last.lower not in lexicon.WEEKDAYS | lexicon.MONTHS
            and len(tokens) > 1
            and tokens[-2].is_capitalised
        ):  # "USA Today" is a name; "Biden Monday" a name and a day
            tokens = tokens[:-1]
            if tokens and tokens[-1].lower in ("on", "late", "early", "last", "this"):
                tokens = tokens[:-1]
        else:
            break
    return tokens


_ANONYMITY = frozenset(
    ["requesting", "speaking", "declining", "asking", "seeking", "wishing", "insisting", "citing"]
)


def _cut_modifiers(tokens: list[Token]) -> list[Token]:
    """Drop ", who declined to be named", ", whom they did not name", "requesting anonymity"."""
    for index, token in enumerate(tokens):
        if index and token.lower in _ANONYMITY:
            return tokens[:index]
        if token.text == "," and index + 1 < len(tokens):
            following = tokens[index + 1].lower
            if following in ("who", "whom", "which", "whose") or following.endswith("ing"):
                return tokens[:index]
            if following in ("like", "such", "including", "especially", "notably"):
                return tokens[:index]  # "critics, like Obama,": the critics, not Obama
        if token.lower in ("who", "whom", "which") and index > 0:
            return tokens[:index]
    return tokens


def parse(tokens: list[Token], paragraph: str) -> list[Mention]:
    """The sources a subject phrase names: usually one, two for "Reuters and NBC"."""
    tokens, inside = _without_parentheses(tokens)
    tokens = _trim(_cut_modifiers(_trim(tokens)))
    if not tokens or len(tokens) > 30 or any(token.quote is not None for token in tokens):
        return []
    if len(tokens) == 1 and re.split("['’]", tokens[0].text.lower())[0] in ("you", "i", "me"):
        return []  # the interviewer or the interviewee speaking, not a source the story names
    if tokens[0].lower in lexicon.PREPOSITIONS - {"per"} or tokens[0].lower in ("how", "why"):
        return []  # "To dissatisfied Democrats …", "how users …": no speaker named
    if len(tokens) > 1 and tokens[0].lower == "the" and tokens[1].lower == "way":
        return []  # "the way people say it": a manner, not a source
    joint = _split_joint(tokens)
    if joint:
        return [mention for part in joint for mention in parse(part, paragraph)]
    mention = _parse_one(tokens, paragraph)
    if mention is None:
        return []
    if inside and mention.kind == "institution" and len(inside) == 1:
        mention.aliases = (inside[0].text.lower(),)
    return [mention]


def _split_joint(tokens: list[Token]) -> list[list[Token]] | None:
    """ "Reuters and NBC", "Mick Whelan and Eddie Dempsey": two proper names joined by "and"."""
    if any(token.text == "," for token in tokens):
        return None
    for index, token in enumerate(tokens):
        if token.lower == "and" and 0 < index < len(tokens) - 1:
            left, right = tokens[:index], tokens[index + 1 :]
            if right[0].lower == "others" and len(left) <= 4 and all(map(_is_name_token, left)):
                return [left, right]  # "Biden and others in the Democratic Party"
            if all(_is_name_token(t) for t in left) and all(_is_name_token(t) for t in right):
                titled = any(plain(t.text) in lexicon.TITLE_WORDS for t in right[:-1])
                body = plain(left[-1].text) in lexicon.ORGANISATION_WORDS
                if len(left) <= 4 and len(right) <= 4 and not body and not titled:
                    return [left, right]  # not "Road Transport and Bridges Minister X"
    return None


def _parse_one(tokens: list[Token], paragraph: str) -> Mention | None:
    text = text_of(tokens, paragraph)
    lowered = [token.lower for token in tokens]
    lowered[0] = (
        {"him": "he", "her": "she", "them": "they", "us": "we"}.get(lowered[0], lowered[0])
        if len(tokens) == 1
        else lowered[0]
    )
    if len(tokens) == 1:
        lowered[0] = lowered[0].split("'")[0].split("’")[0]  # "they've", "he'd"
    if len(tokens) == 1 and lowered[0] in lexicon.SUBJECT_PRONOUNS:
        return Mention("pronoun", text, head=lowered[0])
    document = _document_head(tokens)
    if document is not None and any(t in ("my", "your", "our") for t in lowered[:document]):
        return None  # "your blog", "the first line of my post": an interview's own words
    if lowered[0] in ("its", "his", "her", "their") and _document_head(tokens) is not None:
        pronoun = {"its": "it", "his": "he", "her": "she", "their": "they"}[lowered[0]]
        return Mention("pronoun", text, head=pronoun, gender=lexicon.SUBJECT_PRONOUNS[pronoun])
    partitive = 1 if lowered[0] in ("a", "an", "the") else 0
    if (
        len(tokens) > partitive + 2
        and lowered[partitive] in lexicon.PARTITIVES
        and lowered[partitive + 1] in ("of", "from")
    ):
        return _parse_one(tokens[partitive + 2 :], paragraph)  # "Part of the judge's statement"
    document = _document_head(tokens)
    if document is not None:
        return _document_owner(tokens, document, paragraph)
    evidence = plain(tokens[-1].text) in lexicon.NOT_SOURCES and tokens[-1].text.islower()
    if evidence or lowered[0] in lexicon.NOT_SOURCES:  # not "the U.S. Geological Survey"
        return None
    parts = _comma_parts(tokens)
    first = capitalised_runs(parts[0])[:1]
    if len(parts) > 1 and first and first[0][0] == 0 and not _pure_name(parts[0]):
        person = _person_in(parts[0], paragraph)  # "Jo Tilburg of the University of California,
        if person is not None:  # Los Angeles": the name that opens the phrase
            return person
    for part in parts:
        if len(parts) > 1 and _pure_name(part):
            others = [p for p in parts if p is not part]
            title_tokens = others[0]
            title, organisation = _title_and_organisation(title_tokens, paragraph)
            return person_mention(part, title, organisation, paragraph, title_tokens)
    head_part = parts[0]
    for part in parts[:2]:
        person = _person_in(part, paragraph)
        if person is not None:
            return person
    return _unnamed(tokens, head_part, paragraph)


def _comma_parts(tokens: list[Token]) -> list[list[Token]]:
    parts, current = [], []
    for token in tokens:
        if token.text == ",":
            if current:
                parts.append(current)
            current = []
        else:
            current.append(token)
    if current:
        parts.append(current)
    return parts


def _pure_name(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.text != "."]
    if not words or len(words) > 5 or not tokens[0].is_capitalised:
        return False
    if any(is_org_word(t) for t in words):
        return False
    if words[0].lower in lexicon.DETERMINERS:
        return False
    return all(
        _is_name_token(t) or _is_initial(t, following)
        for t, following in zip(tokens, [*tokens[1:], None], strict=True)
        if t.text != "."
    )


def _is_initial(token: Token, following: Token | None) -> bool:
    return (
        len(token.text) == 1
        and token.text.isupper()
        and following is not None
        and following.text == "."
    )


def _document_head(tokens: list[Token]) -> int | None:
    """The index of a document noun heading the phrase ("a statement released by …")."""
    for index, token in enumerate(tokens[:8]):
        if token.lower in lexicon.DOCUMENTS or (
            token.lower in lexicon.NOT_SOURCES
            and index + 1 < len(tokens)
            and tokens[index + 1].lower == "by"
        ):
            later = [t.lower for t in tokens[index + 1 :]]
            if not later or later[0] in lexicon.AFTER_DOCUMENTS:
                return index
            if all(not t.is_word or t.lower in lexicon.TIME_WORDS for t in tokens[index + 1 :]):
                return index
    return None


def _document_owner(tokens: list[Token], head: int, paragraph: str) -> Mention | None:
    """Whose words a document holds: "a statement released by the foreign ministry", "the WHO's
    website", "a UN report", "a fire service statement", "a tweet on Monday by US Secretary of
    State Mike Pompeo", "the summary of the decision" (the court's). A document whose owner the
    story does not name is an unnamed source described in its words ("a statement posted to his
    Twitter account"), like "according to reports"."""
    for index in range(head + 1, len(tokens)):
        word = tokens[index].lower
        of_document = word == "of" and index == head + 1
        if (word in ("by", "from") or of_document) and index + 1 < len(tokens):
            owner = tokens[index + 1 :]
            for stop, token in enumerate(owner):
                if token.lower in ("on", "in", "dated", "at", "during") and stop > 0:
                    owner = owner[:stop]
                    break
            found = parse(owner, paragraph)
            return found[0] if found else None
    before = tokens[:head]
    for index, token in enumerate(before):
        if token.text in ("'s", "’s", "'", "’"):
            found = parse(before[:index], paragraph)
            return found[0] if found else None
    words = [t for t in before if t.is_word]
    while words and words[-1].lower in ("press", "media", "news", "official", "situation"):
        words.pop()  # "a NATO press release"
    modifiers = []
    while words and _is_name_token(words[-1]):
        modifiers.insert(0, words.pop())
    if modifiers:
        owner = text_of(modifiers, paragraph)
        return Mention("institution", owner, organisation=owner)
    body = [t for t in words if t.lower not in lexicon.DETERMINERS]
    if body and plain(body[-1].text) in lexicon.ORGANISATION_WORDS:
        owner = text_of(body, paragraph)  # "a fire service statement", "the government statement"
        if len(body) == 1:  # the body of that name met before, if any
            return Mention("body", owner, organisation=owner, head=plain(body[-1].text))
        return Mention("institution", owner, organisation=owner)
    head_word = tokens[head].lower
    definite = bool(before) and before[0].lower == "the" and len(before) <= 2
    if head_word in lexicon.JUDICIAL_DOCUMENTS and definite:
        return Mention("body", text_of(tokens, paragraph), head="court")  # the court's, if named
    if definite:
        head = tokens[head].lower  # "the website said": the body whose website it is
        return Mention("body", text_of(tokens, paragraph), organisation=head, head=head)
    text = text_of(tokens, paragraph)  # "according to eyewitness reports": unnamed people
    plural = plain(head_word) != head_word
    return Mention("anonymous", text, title=head_word, plural=plural, head=head_word, gender="n")


def _title_and_organisation(tokens: list[Token], paragraph: str) -> tuple[str | None, str | None]:
    """ "spokesperson for the provincial governor" → ("spokesperson", "provincial governor");
    "Mexico's Foreign Secretary" → ("Foreign Secretary", "Mexico")."""
    tokens = _trim(tokens)
    while tokens and tokens[0].lower in lexicon.DETERMINERS | lexicon.HONORIFICS:
        tokens = tokens[1:]
    if not tokens:
        return None, None
    organisation = None
    for index, token in enumerate(tokens):
        if token.text in ("'s", "’s") and 0 < index < len(tokens) - 1:
            owner = tokens[:index]
            if owner[0].is_capitalised and not any(t.lower in ("of", "for") for t in owner):
                organisation = text_of(owner, paragraph)
                tokens = tokens[index + 1 :]
            break
    for index, token in enumerate(tokens):
        if token.lower in ("of", "at", "for", "from", "with", "within") and index > 0:
            rest = tokens[index + 1 :]
            while rest and rest[0].lower in lexicon.DETERMINERS:
                rest = rest[1:]
            if rest and organisation is None:
                organisation = text_of(rest, paragraph)
            break
    return text_of(tokens, paragraph) or None, organisation


def capitalised_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, token in enumerate(tokens + [Token("", 0, 0)]):
        previous = tokens[index - 1].lower if index else ""
        initial = (
            token.text == "."
            and start is not None
            and (
                len(previous) == 1
                or previous in lexicon.NAME_SUFFIXES
                or previous in lexicon.HONORIFICS
            )
        )  # "John R. Bolton", "Robert Downey Jr.", "Dr. Livermore"
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        particle = token.lower in lexicon.NAME_PARTICLES
        if start is not None and _is_initial(token, following):
            continue  # "Wayne A. I. Frederick": "I." is an initial, not the pronoun
        name_like = _is_name_token(token) and (
            not particle
            or start is not None
            or (following is not None and following.is_capitalised)  # "da Silva said"
        )
        if name_like or initial:
            if start is None:
                start = index
        else:
            if start is not None:
                end = index
                while end > start and tokens[end - 1].lower in lexicon.NAME_PARTICLES:
                    end -= 1
                runs.append((start, end))
            start = None
    return runs


def _person_in(tokens: list[Token], paragraph: str) -> Mention | None:
    """A person named inside one phrase: the last run of capitalised words that is not a body,
    after the title words that open it ("Foreign Office Spokesman Nafees Zakaria")."""
    runs = capitalised_runs(tokens)
    for number, (start, end) in reversed(list(enumerate(runs))):
        if end < len(tokens) and tokens[end].text in ("'s", "’s", "'", "’"):
            continue  # "Angela Merkel's spokesperson": a modifier, not the speaker
        governor = start - 1
        while governor > 0 and tokens[governor].lower in ("the", "a", "an"):
            governor -= 1  # "of the Northern Arapaho"
        after_preposition = start and tokens[governor].lower in ("of", "from", "at", "with", "for")
        if after_preposition and number > 0 and end - start <= 2:
            continue  # "Doug Miller of Milltech Marine": the body the person belongs to
        untitled = not any(plain(t.text) in lexicon.TITLE_WORDS for t in tokens[start:end])
        if untitled and end - start <= 2 and _inside_a_body_name(tokens, start):
            continue  # "Department of Forestry and Fire Protection": one body's name
        run = tokens[start:end]
        split = name_start(run, after=tokens[start - 1].lower if start else "")
        if split is None:
            continue
        name_tokens = run[split:]
        title_tokens = tokens[:start] + run[:split]
        after = tokens[end:]
        title, organisation = _title_and_organisation(title_tokens, paragraph)
        if title and title_tokens:
            # verbatim up to the name, brackets included: "Air Marshal (retired)"
            title = paragraph[
                paragraph.index(title, title_tokens[0].start) : run[split].start
            ].strip()
        if after and after[0].lower in ("of", "from", "at", "with") and len(after) > 1:
            rest = after[1:]
            while rest and rest[0].lower in lexicon.DETERMINERS:
                rest = rest[1:]
            organisation = text_of(rest, paragraph) or organisation
        return person_mention(name_tokens, title, organisation, paragraph, title_tokens)
    return None


def _inside_a_body_name(tokens: list[Token], start: int) -> bool:
    """Whether the capitalised words at ``start`` continue a body's name across "of", "and",
    "for" or "&" ("The California Department of Forestry and Fire Protection")."""
    index = start - 1
    connectors = ("of", "and", "for", "&", "on")
    if index < 0 or tokens[index].lower not in connectors:
        return False
    while index >= 0 and (_is_name_token(tokens[index]) or tokens[index].lower in connectors):
        word = tokens[index]
        if plain(word.text) in lexicon.ORGANISATION_WORDS and word.is_capitalised:
            return True
        index -= 1
    return False


def name_start(run: list[Token], after: str) -> int | None:
    """Where the personal name starts in a capitalised run, or None if the run is no person."""
    words = [t for t in run if t.text != "."]
    if not words or all(is_acronym(t.text) for t in words):
        return None
    split = 0
    for index, token in enumerate(run):
        if (
            plain(token.text) in lexicon.TITLE_WORDS
            or token.lower.rstrip(".") in lexicon.HONORIFICS
        ):
            split = index + 1
        elif is_org_word(token) and index < len(run) - 2:
            split = index + 1  # "Amnesty International Man-kei Tam"
    if split == len(run):
        if plain(run[-1].text) != run[-1].lower:
            return None  # "South Sudan's Vice Presidents": a plural title is nobody's name
        titles = [i for i, t in enumerate(run[:-1]) if plain(t.text) in lexicon.TITLE_WORDS]
        split = titles[-1] + 1 if titles else len(run)  # "… President Iftikhar Sheikh"
    if split == 0 and after in ("of", "for", "to", "in", "at", "from") and len(run) >= 3:
        # "Secretary of State Mike Pompeo", "Mayor of London Sadiq Khan", "of Hong Kong Carrie Lam"
        particles = sum(1 for t in run[-3:] if t.lower in lexicon.NAME_PARTICLES)
        split = max(1, len(run) - 2 - particles)
    name = [t for t in run[split:] if t.text != "."]
    if name and len(name) > 1 and name[-1].text.lower().rstrip(".") in lexicon.NAME_SUFFIXES:
        name = name[:-1]  # "Kama Melly QC", "Robert Downey Jr."
    if not name or any(is_org_word(t) for t in name):
        return None  # a body's name; not "Kama Melly QC"
    if len(name) == 1 and split == 0 and after not in lexicon.TITLE_WORDS | lexicon.RELATIONS:
        return None  # a lone capitalised word: a surname the registry may know, or a body
    return split


def person_mention(name_tokens, title, organisation, paragraph, title_tokens) -> Mention:
    """A named person: the name as written, initials and "Jr." kept, without the honorifics
    that may open it ("Dr. Tom Frieden" → "Tom Frieden"); gender from the title words."""
    if title:
        words = [
            w
            for w in title.split()
            if w.lower().rstrip(".") not in lexicon.HONORIFICS
            and w.lower() not in lexicon.HONORIFICS
        ]
        title = " ".join(words) or None
    honorifics = []
    while len(name_tokens) > 1 and (
        name_tokens[0].lower.rstrip(".") in lexicon.HONORIFICS or name_tokens[0].text == "."
    ):
        honorifics.append(name_tokens[0])
        name_tokens = name_tokens[1:]
    name = " ".join(t.text for t in name_tokens).replace(" .", ".")
    gender = None
    for token in [*title_tokens, *honorifics]:
        if token.lower in lexicon.FEMALE_WORDS - {"her", "she"}:
            gender = "f"
        elif token.lower in lexicon.MALE_WORDS - {"his", "he"}:
            gender = "m"
    return Mention("person", name, name=name, title=title, organisation=organisation, gender=gender)


def _head_noun(tokens: list[Token]) -> int | None:
    """The noun that heads an unnamed phrase: the last word before its first preposition,
    participle or relative ("Critics from across …", "a source within …", "One of the …")."""
    end = len(tokens)
    for index, token in enumerate(tokens):
        if index and (
            token.lower in lexicon.PREPOSITIONS
            or token.lower in ("who", "whom", "which", "that", "whose")
            or (token.lower.endswith("ing") and token.lower not in lexicon.PERSON_NOUNS)
            or token.text == ","
        ):
            end = index
            break
    for index in range(end - 1, -1, -1):
        if tokens[index].is_word:
            return index
    return None


def _unnamed(tokens: list[Token], head_part: list[Token], paragraph: str) -> Mention | None:
    text = text_of(tokens, paragraph)
    head_index = _head_noun(head_part)
    if head_index is None:
        return None
    for index in range(head_index, -1, -1):
        if is_org_word(head_part[head_index]):
            break  # "local news": a body, whatever describes it
        if plain(head_part[index].text) in lexicon.PERSON_NOUNS and head_part[index].is_word:
            head_index = index  # "Two people familiar with the matter"
            break
    head = head_part[head_index]
    first = tokens[0].lower
    definite = first in ("the", "this", "that", "his", "her", "their", "its")  # "his daughter"
    plain_head = plain(head.text)
    if (
        head.lower in lexicon.PERSON_NOUNS
        or plain_head in lexicon.PERSON_NOUNS
        or (
            len(head_part) == 1
            and first in lexicon.INDEFINITE | {"others", "some", "many"}
            and first not in ("a", "an")
        )
    ):
        plural = head.lower != plain_head or head.lower in ("people", "staff", "several", "others")
        _, organisation = _title_and_organisation(tokens, paragraph)
        modifiers = [t for t in head_part[:head_index] if _is_name_token(t)]
        if organisation is None and modifiers:
            organisation = text_of(modifiers, paragraph)
        title = (
            text_of(
                [t for t in head_part[: head_index + 1] if t.lower not in lexicon.DETERMINERS],
                paragraph,
            )
            or None
        )
        gender = "f" if head.lower in lexicon.FEMALE_WORDS else None
        gender = "m" if head.lower in lexicon.MALE_WORDS else gender
        if definite and not plural and len(tokens) <= 4:
            return Mention(
                "role", text, title=title, organisation=organisation, head=plain_head, gender=gender
            )
        return Mention(
            "anonymous",
            text,
            title=title,
            organisation=organisation,
            plural=plural,
            gender=gender,
            head=plain_head,
        )
    if definite and len(tokens) == 2 and plain_head in lexicon.ORGANISATION_ROLES:
        return Mention("body", text, organisation=text.split(" ", 1)[-1], head=plain_head)
    if any(t.is_capitalised for t in tokens) or any(
        plain(t.text) in lexicon.ORGANISATION_WORDS for t in tokens
    ):
        words = tokens[1:] if first in lexicon.DETERMINERS else tokens
        if not words:
            return None
        if len(words) == 1 and words[0].is_capitalised and not is_acronym(words[0].text):
            common = (
                "i",
                "let",
                "please",
                "thank",
                "yes",
                "no",
                "here",
                "now",
                "well",
                "oh",
                "okay",
            )
            if words[0].lower in common or words[0].lower in lexicon.MONTHS | lexicon.WEEKDAYS:
                return None  # a sentence opener, not a name
            return Mention("surname", text, name=words[0].text)
        organisation = text_of(words, paragraph)
        has_org_word = any(is_org_word(t) for t in words)
        proper = all(_is_name_token(t) or t.lower in ("of", "for", "and", "&") for t in words)
        named = _proper_name(words, paragraph)
        if (
            not has_org_word
            and not (proper and len(words) <= 5)
            and named == text_of(words, paragraph)
        ):
            return None
        if named != text_of(words, paragraph):
            return Mention("institution", text, organisation=named)  # "pollster Datafolha"
        if words[0].lower in lexicon.DETERMINERS or not (
            words[0].is_capitalised
            or plain(words[-1].text) in lexicon.ORGANISATION_WORDS
            or any(plain(t.text) in lexicon.ORGANISATION_WORDS for t in words)
        ):
            return None
        return Mention("institution", text, organisation=_proper_name(words, paragraph))
    return None


def _proper_name(words: list[Token], paragraph: str) -> str:
    """A body's own name without the writer's description: "British lender Northgate Bank" →
    "Northgate Bank", "pollster Datafolha" → "Datafolha"; "foreign ministry" is kept."""
    for index in range(len(words) - 1, 0, -1):
        if not words[index - 1].is_capitalised:
            tail = words[index:]
            if all(_is_name_token(t) for t in tail) and words[index - 1].lower not in (
                "of",
                "for",
                "and",
                "&",
                "'s",
                "’s",
            ):
                return text_of(tail, paragraph)
            break
    return text_of(words, paragraph)


def is_main_subject(tokens: list[Token], start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is the subject of a main clause: no relative or
    subordinator opens its clause ("in which Tsvangirai became …", "after Biden won …") and a
    verb follows, after any appositive or relative between commas, "of PLACE" and adverbs
    ("Gabbard of Hawaii secured", "Bloomberg, who …, endorsed"); "… endorsed his rival, Joe
    Biden." names an object."""
    back = start - 1
    while back >= 0 and (
        tokens[back].lower in lexicon.DETERMINERS
        or plain(tokens[back].text) in lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS
    ):
        back -= 1
    if back >= 0 and tokens[back].lower in lexicon.EMBEDDING:
        return False
    index = end
    if index < len(tokens) and tokens[index].text == ",":
        close = next(
            (i for i in range(index + 1, min(len(tokens), index + 16)) if tokens[i].text == ","),
            None,
        )
        relative = index + 1 < len(tokens) and tokens[index + 1].lower in ("who", "whose")
        if close is not None and (relative or not any(map(_verb_like, tokens[index + 1 : close]))):
            index = close + 1
        else:
            index += 1  # "Rebecca Nyandeng, also commented": the appositive's closing comma
    if index < len(tokens) and tokens[index].lower in ("of", "from"):
        index += 1
        while index < len(tokens) and (
            tokens[index].is_capitalised or tokens[index].lower == "the"
        ):
            index += 1
    while index < len(tokens) and (
        tokens[index].lower in lexicon.BETWEEN_SUBJECT_AND_VERB
        or (tokens[index].lower.endswith("ly") and tokens[index].text.islower())
    ):
        index += 1
    return index < len(tokens) and _verb_like(tokens[index])


def _verb_like(token: Token) -> bool:
    word = token.lower
    return token.text.islower() and (
        word in lexicon.FINITE
        or token.text in lexicon.VERB_FORMS
        or (word.endswith("ed") and len(word) > 4 and word not in lexicon.NOT_VERBS_ENDING_ED)
    )


def describing_appositive(tokens: list[Token], end: int) -> list[Token]:
    """The words after a name that say who the person is ("Boris Johnson, the current prime
    minister,"), or nothing."""
    if end >= len(tokens) - 1 or tokens[end].text != ",":
        return []
    appositive = []
    for token in tokens[end + 1 : end + 16]:
        if token.text in (",", ".", ";") or token.quote is not None:
            break
        appositive.append(token)
    people_words = lexicon.TITLE_WORDS | lexicon.PERSON_NOUNS
    described = appositive and (
        appositive[0].lower in ("a", "an", "the", "his", "her", "its", "their")
        or plain(appositive[0].text) in people_words
    )
    verbless = not any(
        t.lower in lexicon.FINITE or t.text in lexicon.VERB_FORMS for t in appositive
    )
    if described and verbless and any(plain(t.text) in people_words for t in appositive[:6]):
        return appositive
    return []
