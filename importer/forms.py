from dataclasses import asdict

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from articles.forms import ParagraphNumberField
from importer.importing import QuoteDecision, SpeakerDecision, text_from_upload
from sources import permissions
from sources.models import AnonymousAttribution, Organisation, Quote, Source


class ImportForm(forms.Form):
    headline = forms.CharField(
        max_length=200,
        help_text="The draft's headline; you can change it later, e.g. “Washington uneasy as Pakistan and Russia draw closer”.",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text=(
            "Paste the story: dateline and dash first (“ISLAMABAD - …”). Paragraphs are "
            "separated by blank lines; without any, each line that ends a sentence ends a "
            "paragraph, and lines wrapped at a fixed width are joined."
        ),
    )
    file = forms.FileField(
        required=False,
        help_text="Or upload a .txt, .html or .docx file instead of pasting.",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                cleaned["text"] = text_from_upload(upload.name, upload.read())
            except ValidationError as error:
                self.add_error("file", error)
        elif not (cleaned.get("text") or "").strip():
            raise ValidationError("Paste the story or upload a file.")
        return cleaned


class ReviewForm(forms.Form):
    headline = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)


class SpeakerDecisionForm(forms.Form):
    """One proposed speaker: an existing source, a new one under a reviewed name, or skipped.

    The existing sources offered (and accepted) are those the user may choose on the record
    (``permissions.choosable_sources``), as in the story form's autocompletes.
    """

    ACTIONS = [
        ("existing", "Use an existing source"),
        ("new", "Create a new source"),
        ("drop", "Skip this speaker and their quotes"),
    ]
    key = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS)
    person = forms.ModelChoiceField(
        queryset=Source.objects.none(),
        required=False,
        label="Existing person",
        widget=AutocompleteSelect(Quote._meta.get_field("source"), admin.site),
    )
    institution = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="Existing organisation",
        widget=AutocompleteSelect(Quote._meta.get_field("organisation"), admin.site),
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        help_text="As the registry and readers will see it, e.g. “Finance Ministry”, “Huma Baqai”.",
    )
    honorific = forms.CharField(required=False, max_length=80, help_text="e.g. “Dr”.")
    title = forms.CharField(required=False, max_length=200)
    organisation = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=Source.Kind.choices, required=False)
    description = forms.CharField(required=False, max_length=200, label="Anonymous description")
    public_reason = forms.CharField(
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason given to readers",
        help_text=AnonymousAttribution._meta.get_field("public_reason").help_text,
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Internal reason (confidential)",
        help_text=(
            "Required for an anonymous source; never shown to readers, e.g. “Not authorised "
            "to speak to the press”."
        ),
    )

    def __init__(self, *args, proposal=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["person"].queryset = permissions.choosable_sources(user)

    @property
    def proposed(self):
        key = self["key"].value()
        return self.proposal.speaker(key) if self.proposal and key else None

    def clean(self):
        cleaned = super().clean()
        proposed = self.proposal.speaker(cleaned.get("key")) if cleaned.get("key") else None
        if proposed is None or cleaned.get("action") == "drop":
            return cleaned
        existing = "institution" if proposed.is_institution else "person"
        if proposed.is_anonymous:
            if not (cleaned.get("reason") or "").strip():
                self.add_error("reason", "Say why this source was granted anonymity.")
            if not (cleaned.get("public_reason") or "").strip():
                self.add_error("public_reason", "Tell readers why this source is not named.")
        elif cleaned.get("action") == "existing":
            if cleaned.get(existing) is None:
                self.add_error(existing, "Choose the existing source, or create a new one.")
        elif not (cleaned.get("name") or "").strip():
            self.add_error("name", "Give the new source its name.")
        return cleaned

    def decision(self) -> SpeakerDecision:
        data = self.cleaned_data
        match = data["institution"] if self.proposed.is_institution else data["person"]
        return SpeakerDecision(
            key=data["key"],
            action=data["action"],
            name=data["name"].strip(),
            honorific=data["honorific"].strip(),
            title=data["title"].strip(),
            organisation=data["organisation"].strip(),
            kind=data["kind"] or Source.Kind.OTHER,
            description=data["description"].strip(),
            public_reason=data["public_reason"].strip(),
            reason=data["reason"].strip(),
            match=match.pk if match else None,
        )


def speaker_initial(proposal, decision: SpeakerDecision) -> dict:
    """A speaker form's initial values: the decision, its match in the right chooser."""
    chooser = "institution" if proposal.speaker(decision.key).is_institution else "person"
    return asdict(decision) | {chooser: decision.match}


class QuoteDecisionForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True)
    speaker = forms.ChoiceField()
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 80}), strip=False)
    direct = forms.BooleanField(required=False, label="Direct quote")
    paragraph = ParagraphNumberField()

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["speaker"].choices = [(s.key, s.label) for s in proposal.speakers]
        self.fields["paragraph"].max_value = max(len(proposal.paragraphs), 1)

    def clean_paragraph(self):
        paragraph = self.cleaned_data["paragraph"]
        if paragraph >= len(self.proposal.paragraphs):
            raise ValidationError(f"The story has {len(self.proposal.paragraphs)} paragraphs.")
        return paragraph

    def decision(self) -> QuoteDecision | None:
        data = self.cleaned_data
        if not data.get("include"):
            return None
        return QuoteDecision(
            speaker=data["speaker"],
            text=data["text"].strip(),
            direct=data["direct"],
            paragraph=data["paragraph"],
        )


SpeakerFormSet = forms.formset_factory(SpeakerDecisionForm, extra=0)
QuoteFormSet = forms.formset_factory(QuoteDecisionForm, extra=0)
