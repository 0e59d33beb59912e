"""Turn pasted or uploaded copy into a draft story with reviewed quotes and sources.

Nothing is written until the journalist has reviewed the proposal: ``propose()`` only reads,
``save_import()`` writes the draft, its sources and its quotes in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from articles.models import Article
from articles.text import body_paragraphs, paragraphs_to_html
from importer.extraction import ExtractionError, extract, split_story
from importer.names import honorific_in_text, usual_organisation_name, usual_person_name
from sources import permissions
from sources.models import AnonymousAttribution, Organisation, Quote, Source

SUPPORTED_EXTENSIONS = (".txt", ".html", ".htm", ".docx")


def max_upload_bytes() -> int:
    return getattr(settings, "NEWSROOM_IMPORT_MAX_BYTES", 2 * 1024 * 1024)


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed); anything else is refused with the offending offset."""
    if b"\x00" in data[:8192]:
        raise ValidationError("This looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"This file is not UTF-8 text: the byte at offset {error.start} cannot be read. "
            "Save it as UTF-8 and try again."
        ) from error


def text_from_upload(name: str, data: bytes) -> str:
    """Plain story text, paragraphs separated by blank lines, from a .txt, .html or .docx file."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            f"This file is {len(data) / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB."
        )
    if not data.strip():
        raise ValidationError("This file is empty.")
    lowered = name.lower()
    if lowered.endswith(".docx"):
        return text_from_docx(data)
    if lowered.endswith((".html", ".htm")):
        return "\n\n".join(body_paragraphs(decode_text(data)))
    if lowered.endswith(".txt"):
        return decode_text(data)
    raise ValidationError(
        f"“{name}” is not a file we can import. Use {', '.join(SUPPORTED_EXTENSIONS)}."
    )


def text_from_docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ValidationError("This is not a Word (.docx) document we can read.") from error
    return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())


@dataclass
class ProposedSpeaker:
    key: str
    kind: str
    name: str | None
    title: str | None
    organisation: str | None
    anonymous_description: str | None
    source: Source | None = None
    organisation_match: Organisation | None = None
    honorific: str = ""
    usual_name: str = ""  # what the registry would call them: "Finance Ministry", "Huma Baqai"

    @property
    def is_anonymous(self) -> bool:
        return self.kind == "anonymous"

    @property
    def is_institution(self) -> bool:
        return not self.is_anonymous and not self.name

    @property
    def label(self) -> str:
        if self.is_anonymous:
            return self.anonymous_description or "Anonymous source"
        if self.is_institution:
            return self.organisation or "Institution"
        return ", ".join(part for part in [self.name, self.title] if part)

    @property
    def existing(self):
        return self.source if self.name else self.organisation_match

    @property
    def is_new(self) -> bool:
        """A person or body the registry does not have yet: the review proposes its name."""
        return not self.is_anonymous and self.existing is None


@dataclass
class Proposal:
    text: str
    dateline: str
    paragraphs: list[str]
    speakers: list[ProposedSpeaker]
    quotes: list[dict]
    warnings: list[str] = field(default_factory=list)

    def speaker(self, key: str) -> ProposedSpeaker:
        return next(speaker for speaker in self.speakers if speaker.key == key)


def match_person(name: str, *, user) -> Source | None:
    """An existing person by name, with or without the honorific the story used.

    Only among the people ``user`` may choose as a named speaker (``choosable_sources``): a
    person known only as a confidential identity is never matched, so a guessed name looks
    exactly like an unknown one, and it could not be quoted on the record anyway.
    """
    people = permissions.choosable_sources(user)
    found = people.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
    if found is None and " " in name:
        # "Dr Huma Baqai" when the honorific was kept in the name
        found = people.filter(name__iexact=name.split(" ", 1)[1]).exclude(name="").first()
    return found


def match_organisation(words: str | None) -> Organisation | None:
    """An organisation by name, or by the words earlier stories used for it ("foreign ministry")."""
    if not words:
        return None
    found = Organisation.objects.filter(Q(name__iexact=words) | Q(slug=slugify(words))).first()
    if found:
        return found
    alias = (
        Quote.objects.filter(speaker_organisation__iexact=words)
        .exclude(organisation=None)
        .values_list("organisation", flat=True)
        .first()
    )
    return Organisation.objects.filter(pk=alias).first() if alias else None


def propose(text: str, *, user) -> Proposal:
    """Extract quotes and speakers and match them to the sources ``user`` may choose. Reads only."""
    try:
        extraction = extract(text)
    except ExtractionError as error:
        raise ValidationError(str(error)) from error
    story = split_story(text)
    story_text = "\n\n".join(story.paragraphs)
    data = extraction.to_json_dict()
    speakers = []
    for spec in data["speakers"]:
        speaker = ProposedSpeaker(
            key=spec["key"],
            kind=spec["kind"],
            name=spec["name"],
            title=spec["title"],
            organisation=spec["organisation"],
            anonymous_description=spec["anonymous_description"],
        )
        if speaker.name:
            speaker.source = match_person(speaker.name, user=user)
            honorific, speaker.usual_name = usual_person_name(speaker.name)
            speaker.honorific = honorific or honorific_in_text(speaker.usual_name, story_text)
        elif speaker.organisation and not speaker.is_anonymous:
            speaker.usual_name = usual_organisation_name(speaker.organisation)
        speaker.organisation_match = match_organisation(speaker.organisation)
        speakers.append(speaker)
    return Proposal(
        text=text,
        dateline=data["dateline"] or "",
        paragraphs=list(story.body),
        speakers=speakers,
        quotes=data["quotes"],
        warnings=list(extraction.warnings),
    )


@dataclass
class SpeakerDecision:
    """What the journalist decided for one proposed speaker.

    ``name`` is the name the registry will show for a new person or institution, ``match`` the
    existing person or institution chosen instead (its primary key), ``organisation`` the
    story's own words for the speaker's body (kept on each quote).
    """

    key: str
    action: str  # "existing", "new" or "drop"
    name: str = ""
    honorific: str = ""
    title: str = ""
    organisation: str = ""
    kind: str = Source.Kind.OTHER
    description: str = ""
    public_reason: str = ""
    reason: str = ""
    match: int | None = None


@dataclass
class QuoteDecision:
    speaker: str
    text: str
    direct: bool
    paragraph: int


def save_import(
    proposal: Proposal,
    *,
    headline: str,
    speakers: list[SpeakerDecision],
    quotes: list[QuoteDecision],
    by,
) -> Article:
    """Create the draft, the accepted sources and the accepted quotes, all or nothing."""
    decisions = {decision.key: decision for decision in speakers}
    anonymous = [d for d in speakers if d.action != "drop" and proposal.speaker(d.key).is_anonymous]
    missing_reasons = [d.description or d.key for d in anonymous if not d.reason.strip()]
    if missing_reasons:
        raise ValidationError(
            "Say why each anonymous source was granted anonymity: " + ", ".join(missing_reasons)
        )
    missing_public = [d.description or d.key for d in anonymous if not d.public_reason.strip()]
    if missing_public:
        raise ValidationError(
            "Tell readers why each anonymous source is not named: " + ", ".join(missing_public)
        )
    with transaction.atomic():
        article = Article.objects.create(
            headline=headline,
            slug=unique_slug(headline),
            dateline=proposal.dateline,
            body=paragraphs_to_html(proposal.paragraphs),
            status=Article.Status.DRAFT,
            owner=by,
        )
        author = getattr(by, "author_profile", None)
        if author is not None:
            article.authors.add(author)
        speaker_refs = {
            key: speaker_reference(article, proposal.speaker(key), decision, by)
            for key, decision in decisions.items()
            if decision.action != "drop"
        }
        positions: dict[int, int] = {}
        for quote in quotes:
            if quote.speaker not in speaker_refs:
                continue
            position = positions.get(quote.paragraph, 0)
            positions[quote.paragraph] = position + 1
            decision = decisions[quote.speaker]
            proposed = proposal.speaker(quote.speaker)
            Quote.objects.create(
                article=article,
                text=quote.text,
                is_direct=quote.direct,
                paragraph=quote.paragraph,
                position=position,
                speaker_title=decision.title,
                speaker_organisation=(
                    proposed.organisation or ""
                    if proposed.is_institution
                    else decision.organisation
                ),
                **speaker_refs[quote.speaker],
            )
    return article


def speaker_reference(article, proposed: ProposedSpeaker, decision: SpeakerDecision, by) -> dict:
    """The quote's speaker fields for one accepted speaker, creating what does not exist yet.

    A new person or institution is created under the name the journalist reviewed; like any
    source, it becomes public only through a published story that quotes or names it.
    """
    if proposed.is_anonymous:
        attribution = AnonymousAttribution.objects.create(
            article=article,
            description=decision.description or proposed.anonymous_description or "",
            organisation=match_organisation(decision.organisation),
            public_reason=decision.public_reason,
            reason=decision.reason,
            created_by=by,
        )
        return {"anonymous": attribution}
    if proposed.is_institution:
        if decision.action == "existing":
            return {"organisation": chosen(Organisation.objects.all(), decision)}
        name = decision.name or proposed.usual_name or "Unnamed organisation"
        organisation = match_organisation(name) or Organisation.objects.create(
            name=name, slug=unique_slug(name, model=Organisation)
        )
        return {"organisation": organisation}
    if decision.action == "existing":
        return {"source": chosen(permissions.choosable_sources(by), decision)}
    name = decision.name or proposed.usual_name or ""
    person = match_person(name, user=by) or Source.objects.create(
        name=name,
        slug=unique_person_slug(name, by=by),
        honorific=decision.honorific,
        title=decision.title,
        kind=decision.kind,
        organisation=match_organisation(decision.organisation),
        created_by=by,
    )
    return {"source": person}


def chosen(choices, decision: SpeakerDecision):
    """The existing person or institution the journalist chose, among those offered to them."""
    found = choices.filter(pk=decision.match).first() if decision.match else None
    if found is None:
        raise ValidationError(
            f"Choose an existing source for “{decision.name or decision.key}”, or create a new one."
        )
    return found


def unique_person_slug(name: str, *, by) -> str:
    """A free slug for a new person; one held by someone ``by`` may not see is freed first, so
    that the slug does not tell that a hidden person has this name."""
    listable = permissions.listable_sources_q(by)
    Source.objects.release_hidden_slug(slugify(name)[:180] or "untitled", listable=listable)
    return unique_slug(name, model=Source)


def unique_slug(text: str, *, model=Article) -> str:
    base = slugify(text)[:180] or "untitled"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def default_decisions(proposal: Proposal) -> list[SpeakerDecision]:
    """Accept every speaker, reusing the matched source when there is one, a new one named in
    its usual form otherwise."""
    kinds = {choice for choice, _ in Source.Kind.choices}
    return [
        SpeakerDecision(
            key=speaker.key,
            action="existing" if speaker.existing and not speaker.is_anonymous else "new",
            name=speaker.usual_name,
            honorific=speaker.honorific,
            title=speaker.title or "",
            organisation=speaker.organisation or "",
            kind=speaker.kind if speaker.kind in kinds else Source.Kind.OTHER,
            description=speaker.anonymous_description or "",
            match=speaker.existing.pk if speaker.existing and not speaker.is_anonymous else None,
        )
        for speaker in proposal.speakers
    ]


def default_quote_decisions(proposal: Proposal) -> list[QuoteDecision]:
    return [
        QuoteDecision(
            speaker=quote["speaker"],
            text=quote["text"],
            direct=quote["direct"],
            paragraph=quote["paragraph"],
        )
        for quote in proposal.quotes
    ]
