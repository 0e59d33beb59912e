from django import forms
from django.core.exceptions import ValidationError

from importer.importing import QuoteDecision, SpeakerDecision, text_from_upload
from sources.models import Source


class ImportForm(forms.Form):
    headline = forms.CharField(
        max_length=200,
        help_text="The draft's headline; you can change it later, e.g. “Washington uneasy as Pakistan and Russia draw closer”.",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the story: dateline and dash first (“ISLAMABAD - …”), paragraphs separated by blank lines.",
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
    ACTIONS = [
        ("existing", "Use the matching source"),
        ("new", "Create a new source"),
        ("drop", "Drop this speaker and their quotes"),
    ]
    key = forms.CharField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS)
    name = forms.CharField(required=False, max_length=200)
    title = forms.CharField(required=False, max_length=200)
    organisation = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=Source.Kind.choices, required=False)
    description = forms.CharField(required=False, max_length=200, label="Anonymous description")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for anonymity",
        help_text="Required for an anonymous source, e.g. “Not authorised to speak to the press”.",
    )

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    @property
    def proposed(self):
        key = self["key"].value()
        return self.proposal.speaker(key) if self.proposal and key else None

    def clean(self):
        cleaned = super().clean()
        proposed = self.proposal.speaker(cleaned.get("key")) if cleaned.get("key") else None
        if proposed is None or cleaned.get("action") == "drop":
            return cleaned
        if cleaned.get("action") == "existing" and proposed.existing is None:
            self.add_error("action", "No existing source matches; create a new one or drop it.")
        if proposed.is_anonymous and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why this source was granted anonymity.")
        is_person = not proposed.is_anonymous and not proposed.is_institution
        if is_person and not (cleaned.get("name") or "").strip():
            self.add_error("name", "A named source needs a name.")
        return cleaned

    def decision(self) -> SpeakerDecision:
        data = self.cleaned_data
        return SpeakerDecision(
            key=data["key"],
            action=data["action"],
            name=data["name"].strip(),
            title=data["title"].strip(),
            organisation=data["organisation"].strip(),
            kind=data["kind"] or Source.Kind.OTHER,
            description=data["description"].strip(),
            reason=data["reason"].strip(),
        )


class QuoteDecisionForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True)
    speaker = forms.ChoiceField()
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "cols": 80}), strip=False)
    direct = forms.BooleanField(required=False, label="Direct quote")
    paragraph = forms.IntegerField(min_value=1, help_text="Counted from 1, the first paragraph.")

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["speaker"].choices = [(s.key, s.label) for s in proposal.speakers]
        self.fields["paragraph"].max_value = max(len(proposal.paragraphs), 1)
        if self.initial.get("paragraph") is not None:
            # proposals and the database count from 0; people read paragraphs from 1
            self.initial = {**self.initial, "paragraph": self.initial["paragraph"] + 1}

    def clean_paragraph(self):
        paragraph = self.cleaned_data["paragraph"]
        if paragraph > len(self.proposal.paragraphs):
            raise ValidationError(f"The story has {len(self.proposal.paragraphs)} paragraphs.")
        return paragraph - 1

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
