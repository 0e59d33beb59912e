"""The back office's story forms: the story itself, and one form per workflow action.

Forms only collect and validate what an editor typed; every rule about who may do what, and
every change of state, is in ``articles.workflow``, which each ``run`` calls.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Lower
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.text import Truncator

from articles import workflow
from articles.models import Article, Correction, Topic
from articles.text import body_paragraphs
from articles.widgets import TopicAutocompleteWidget, TopicNamesField
from sources.models import AnonymousAttribution


class ParagraphNumberField(forms.IntegerField):
    """A quote's paragraph as editors count it, from 1; the database and the revisions' JSON
    keep the index from 0 (``articles.text.body_paragraphs``), so the field converts both ways."""

    def __init__(self, **kwargs):
        kwargs["min_value"] = 1
        kwargs.setdefault("label", "Paragraph")
        kwargs["help_text"] = (
            "Counted from 1: the body’s first paragraph is 1 (headings, lists and block quotes "
            "count; pictures do not)."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """An index from the database is shown plus one; what the editor typed, as typed."""
        return value + 1 if isinstance(value, int) else value

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else number - 1

    def has_changed(self, initial, data):
        try:
            number = self.to_python(data)
        except forms.ValidationError:
            return True
        return (None if initial in (None, "") else int(initial) + 1) != number


# --- quotes in the story form ---------------------------------------------------------------

#: The anonymous sources' inline in the story form; quotes name its unsaved rows "new-N".
ATTRIBUTIONS_PREFIX = "anonymous_attributions"
NEW_ATTRIBUTION = re.compile(r"new-(\d+)")


def paragraph_choices(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Each paragraph as editors count it, from 1, with its first words."""
    return [
        (number, f"{number} — {Truncator(text).words(9)}")
        for number, text in enumerate(paragraphs, start=1)
    ]


def new_attributions(data) -> dict[int, str]:
    """The anonymous sources a posted story form adds (rows of its inline with no id, a
    description and no delete tick), by row, with their descriptions: what a quote in the
    same form may name as "new-N"."""
    try:
        total = min(int(data.get(f"{ATTRIBUTIONS_PREFIX}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        return {}
    found = {}
    for index in range(total):
        row = f"{ATTRIBUTIONS_PREFIX}-{index}"
        description = (data.get(f"{row}-description") or "").strip()
        if description and not data.get(f"{row}-id") and not data.get(f"{row}-DELETE"):
            found[index] = description
    return found


class AnonymousSourceField(forms.ModelChoiceField):
    """The story's anonymous sources: those saved, by id, and those added in the same form
    ("new-N", row N of the anonymous sources' inline), so that one save records both. A new
    one is an unsaved attribution until ``QuoteFormSet`` gives the quote the saved row."""

    new: dict[int, str] = {}  # set per request by ``quote_form_for``

    def to_python(self, value):
        match = NEW_ATTRIBUTION.fullmatch(str(value or ""))
        if match is None:
            return super().to_python(value)
        index = int(match[1])
        if index not in self.new:
            raise ValidationError(
                "The new anonymous source this quote named is no longer in the form (removed, "
                "or its description emptied): choose the speaker again.",
                code="invalid_choice",
            )
        attribution = AnonymousAttribution(description=self.new[index])
        attribution.form_row = index
        return attribution


class QuoteForm(forms.ModelForm):
    """One quote row of the story form: the paragraph chosen from the body's own paragraphs,
    the words, one speaker, and the details shown compactly (each help text is the field's
    tooltip and accessible description rather than a line of its own)."""

    class Meta:
        labels = {
            "position": "Order",
            "text": "Words",
            "source": "Person",
            "organisation": "Institution",
            "anonymous": "Anonymous",
            "speaker_title": "Title given",
            "speaker_organisation": "Organisation given",
            "context": "How said",
        }

    #: The body's paragraphs as posted, or as saved: the paragraph list's choices.
    paragraphs: list[str] = []
    new_attributions: dict[int, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.help_text:  # a related field's select sits in the admin's wrapper
                widget = getattr(field.widget, "widget", field.widget)
                widget.attrs.setdefault("title", field.help_text)
        paragraph = self.fields.get("paragraph")
        if paragraph is not None:
            choices = paragraph_choices(self.paragraphs)
            shown = str(self["paragraph"].value() or "")
            if shown and shown not in {str(number) for number, _ in choices}:
                # Kept, not dropped: the body no longer has it, or it was typed by hand.
                choices.append((shown, f"{shown} — not in the body"))
            paragraph.widget.choices = [("", "Choose the paragraph…"), *choices]
        anonymous = self.fields.get("anonymous")
        if isinstance(anonymous, AnonymousSourceField):
            anonymous.new = self.new_attributions
            anonymous.choices = [
                *anonymous.choices,
                *((f"new-{row}", f"New: {text}") for row, text in self.new_attributions.items()),
            ]


def quote_form_for(*, body: str, new: dict[int, str]) -> type[QuoteForm]:
    """The quote row form for one request: the paragraphs of ``body`` to choose from, and the
    anonymous sources ``new`` added in the same form."""
    return type(
        "QuoteForm",
        (QuoteForm,),
        {"paragraphs": body_paragraphs(body), "new_attributions": new},
    )


class QuoteFormSet(BaseInlineFormSet):
    """Quotes are saved after the anonymous sources added with them (the story form saves its
    inlines in order; ``link_new_attributions`` hands this formset theirs), so a quote that
    named "new-N" is saved with row N's new attribution, in the same transaction."""

    attribution_formset = None

    def _name_new_attribution(self, form):
        chosen = form.cleaned_data.get("anonymous")
        if chosen is None or chosen.pk is not None:
            return
        saved = self.attribution_formset.forms[chosen.form_row].instance
        if saved.pk is None:  # new_attributions() and the inline disagree: never save half
            raise ValidationError(f"The anonymous source “{chosen.description}” was not saved.")
        form.instance.anonymous = saved

    def save_new(self, form, commit=True):
        self._name_new_attribution(form)
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        self._name_new_attribution(form)
        return super().save_existing(form, obj, commit)


def link_new_attributions(formsets) -> None:
    """Let the story form's quotes find the anonymous sources saved with them."""
    attributions = next((f for f in formsets if f.model is AnonymousAttribution), None)
    for formset in formsets:
        if isinstance(formset, QuoteFormSet):
            formset.attribution_formset = attributions


class ArticleAdminForm(forms.ModelForm):
    """The story form. It carries the version the editor started from, so a later save cannot
    silently win, and for a public story the correction or update note its changed words go out
    with (``workflow.after_edit``). Status and publish time are not fields: only the workflow
    changes them."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    update_kind = forms.ChoiceField(
        label="Kind",
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        required=False,
    )
    update_note = forms.CharField(
        label="Note readers will see",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Needed to change the headline, dek, body or quotes of this public story: it is "
            "published with the change and the story shows “Updated” with its time, e.g. "
            "“An earlier version misstated the date of the Moscow meeting.”"
        ),
    )
    #: Why ``workflow.after_edit`` refused the last attempt to save this form (it was rolled back).
    refusal: list[str] = []

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "dateline", "section", "authors", "byline_text",
            "credit", "lead_image", "body", "topics", "embargo_until",
        ]  # fmt: skip
        labels = {"topics": "Topics"}
        widgets = {"topics": TopicAutocompleteWidget}
        field_classes = {"topics": TopicNamesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.refusal:
            raise ValidationError(self.refusal)
        if self.instance.pk and cleaned.get("edit_version") != self.instance.version:
            editor = self.instance.modified_by
            who = (editor.get_full_name() or editor.username) if editor else "Someone"
            when = timezone.localtime(self.instance.modified_at).strftime("%d %b %Y, %H:%M")
            raise ValidationError(
                f"{who} changed this story at {when}, after you opened it. Your text is kept "
                "below: copy what you need, reload the story and apply your changes again."
            )
        return cleaned


class TopicAdminForm(forms.ModelForm):
    """Topic names are unique whatever their case (a database constraint); say which topic a
    name collides with, rather than the constraint's own message."""

    class Meta:
        model = Topic
        fields = ["name", "slug", "description"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        existing = (  # the constraint's own comparison, so the database's idea of case rules
            Topic.objects.alias(lowered=Lower("name"))
            .filter(lowered=Lower(Value(name)))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if existing is not None:
            raise ValidationError(
                f"There is already a topic “{existing.name}”; topic names are unique whatever "
                "their capitals. Use that topic, or rename it if its capitals are wrong."
            )
        return name


# --- the workflow's pages: one form per action, each calling its workflow function ----------


class TransitionForm(forms.Form):
    """What an action asks for (a note, a time, a confirmation) before ``run`` calls the
    workflow function of the same name, which checks permission and state again."""

    action = ""
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def run(self, *, by):
        return getattr(workflow, self.action)(self.article, by=by, note=self.cleaned_data["note"])


class SubmitForm(TransitionForm):
    action = "submit"


class WithdrawForm(TransitionForm):
    action = "withdraw"


class RepublishForm(TransitionForm):
    action = "republish"


class SendBackForm(TransitionForm):
    action = "send_back"
    note = forms.CharField(
        label="Note to the journalist",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What needs fixing, e.g. “Second source for the Moscow claim, please.”",
    )


class ApproveForm(TransitionForm):
    action = "approve"
    confirm_anonymous_sources = forms.BooleanField(
        label="I know who the anonymous sources are", required=False
    )
    # The version of the story this page showed: the approval covers that and nothing else.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, article=article, **kwargs)
        self.fields["version"].initial = article.version
        if not workflow.anonymous_quote_count(article):
            del self.fields["confirm_anonymous_sources"]

    def run(self, *, by):
        return workflow.approve(
            self.article,
            by=by,
            version=self.cleaned_data["version"],
            confirm_anonymous_sources=self.cleaned_data.get("confirm_anonymous_sources", False),
            note=self.cleaned_data["note"],
        )


class PublishForm(TransitionForm):
    action = "publish"
    at = forms.SplitDateTimeField(
        label="Publish at",
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text="Leave empty to publish now; a future time schedules the story.",
    )

    def run(self, *, by):
        return workflow.publish(
            self.article, by=by, at=self.cleaned_data["at"], note=self.cleaned_data["note"]
        )


class ScheduleForm(TransitionForm):
    action = "schedule"
    at = forms.SplitDateTimeField(label="Publish at", widget=widgets.AdminSplitDateTime)

    def run(self, *, by):
        return workflow.schedule(
            self.article, by=by, at=self.cleaned_data["at"], note=self.cleaned_data["note"]
        )


class UnpublishForm(TransitionForm):
    action = "unpublish"
    note = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the log; shown to readers only for a retraction.",
    )
    retract = forms.BooleanField(
        label="Public retraction (the URL answers 410 with the reason)", required=False
    )

    def __init__(self, *args, article: Article, **kwargs):
        super().__init__(*args, article=article, **kwargs)
        if not article.is_public:  # readers never saw it: nothing to retract (workflow.unpublish)
            del self.fields["retract"]

    def run(self, *, by):
        return workflow.unpublish(
            self.article,
            by=by,
            reason=self.cleaned_data["note"],
            retract=self.cleaned_data.get("retract", False),
        )


class CorrectForm(TransitionForm):
    """Also the form of ``workflow.publish_revision``: a held revision goes live with a note."""

    action = "correct"
    kind = forms.ChoiceField(choices=Correction.Kind.choices)
    note = forms.CharField(
        label="Text readers will see",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. “An earlier version misstated the date of the Moscow meeting.”",
    )

    def run(self, *, by):
        return workflow.correct(
            self.article, by=by, text=self.cleaned_data["note"], kind=self.cleaned_data["kind"]
        )


TRANSITION_FORMS: dict[str, type[TransitionForm]] = {
    form.action: form
    for form in [
        SubmitForm,
        WithdrawForm,
        SendBackForm,
        ApproveForm,
        PublishForm,
        ScheduleForm,
        UnpublishForm,
        RepublishForm,
        CorrectForm,
    ]
}
