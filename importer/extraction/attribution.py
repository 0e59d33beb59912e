"""Who said what in one paragraph: the sieve that gives every quotation its speaker, most
certain rule first, from the cues of its sentence (``cues``):

1. the cue whose complement holds the quotation, or that the quotation stands next to;
2. the only cue of the sentence, or the nearest one;
3. the subject of the clause the quotation stands in ("Schiff called it “a non-starter”"), or
   the person who sets it off with a colon or comma at the sentence end;
4. the speaker of the previous quotation in the paragraph, or of a sentence ending "said:";
5. for a paragraph that opens with a quotation and has no attribution, the last speaker of the
   previous paragraph;
6. otherwise no speaker: the quotation is left out rather than given to a wrong source.

Reported clauses are the cues' complements, one entry per source.
"""

from __future__ import annotations

from dataclasses import dataclass

from importer.extraction import lexicon
from importer.extraction.cues import MAX_SENTENCE_TOKENS, Cue, Cues
from importer.extraction.speakers import Entity, Registry


@dataclass
class Found:
    entity: Entity
    start: int  # paragraph offsets of the words
    end: int
    direct: bool


class Paragraph(Cues):
    """The attribution of one paragraph, given the registry of sources met so far."""

    def __init__(self, text, tokens, sentences, spans, registry: Registry, offset: int, last):
        super().__init__(text, tokens, spans, registry, offset)
        self.sentences = sentences
        self.last_speaker: Entity | None = last  # of the previous paragraph
        self.found: list[Found] = []

    def run(self) -> list[Found]:
        previous_speaker: Entity | None = None
        lead_in: Entity | None = None
        for number, (start, end) in enumerate(self.sentences):
            runs = self.registry.expect(self.tokens[start:end])
            cues = self._cues(start, end)
            for cue in cues:
                for clause in cue.clauses:
                    self._report(cue, clause)
            speaker = self._assign_quotes(start, end, cues, previous_speaker, lead_in, number)
            previous_speaker = speaker or previous_speaker
            lead_in = next((c.entities[0] for c in cues if c.lead_in and c.entities), None)
            self.registry.observe(self.tokens[start:end], self.text, self.offset + start, runs)
            self.registry.observe_role(self.tokens[start:end], self.text, self.offset + start)
        return self.found

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
        if end - start > MAX_SENTENCE_TOKENS:
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
