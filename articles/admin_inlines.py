"""The sourcing parts of the story form: its quotes, anonymous attributions and mentions, as
inlines of ``ArticleAdmin``. Each may be changed only when the story may be, and names only the
sources the user may choose; an identity is shown only to those who may see it, and logged."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils.html import format_html

from articles import permissions
from articles.forms import (
    AnonymousSourceField,
    ParagraphNumberField,
    QuoteFormSet,
    new_attributions,
    quote_form_for,
)
from articles.widgets import ParagraphSelect
from sources import permissions as source_permissions
from sources.admin import log_identity_views
from sources.models import AnonymousAttribution, Mention, Quote, Source


class StoryPartInline:
    """Parts of a story may be changed only when the story itself may be (object rules), and
    name only the sources the user may choose (``choosable_sources``): what the form offers, what
    it shows again for a posted id and what it accepts."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is Source:
            as_identity = db_field.name == "identity"
            kwargs["queryset"] = source_permissions.choosable_sources(
                request.user, as_identity=as_identity
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _story_allows(self, request, obj) -> bool:
        return obj is None or permissions.can_change(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_allows(request, obj)


class QuoteInline(StoryPartInline, admin.StackedInline):
    """Compact quote rows (``static/articles/story-admin.css``): the paragraph is chosen from
    the body's paragraphs, and an anonymous source added above in the same form can be named
    before the story is saved (``articles.forms.QuoteFormSet``)."""

    model = Quote
    formset = QuoteFormSet
    extra = 0
    ordering = ["paragraph", "position"]
    autocomplete_fields = ["source", "organisation"]
    classes = ["compact-quotes"]
    fields = [
        ("paragraph", "position", "is_direct"),
        "text",
        ("source", "organisation", "anonymous"),
        ("speaker_title", "speaker_organisation", "context"),
    ]

    def get_formset(self, request, obj=None, **kwargs):
        posted = request.method == "POST"
        body = request.POST.get("body", "") if posted else getattr(obj, "body", "")
        new = {}
        if posted and request.user.has_perm("sources.add_anonymousattribution"):
            new = new_attributions(request.POST)
        kwargs["form"] = quote_form_for(body=body, new=new)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "paragraph":  # editors count paragraphs from 1
            return db_field.formfield(
                form_class=ParagraphNumberField, widget=ParagraphSelect, **kwargs
            )
        if db_field.name == "text":
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 2})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "anonymous":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        article_id = request.resolver_match.kwargs.get("object_id")
        kwargs["queryset"] = AnonymousAttribution.objects.filter(article_id=article_id)
        kwargs["form_class"] = AnonymousSourceField
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The story's attributions, read once for every quote row instead of once per row.
        field.choices = list(iter(field.choices))
        return field

    def get_queryset(self, request):
        """Each row's heading names the speaker (``Quote.__str__``): fetch them with the quotes."""
        return super().get_queryset(request).select_related("source", "organisation", "anonymous")


class ConfidentialWidget(forms.Widget):
    """Shows that an identity is recorded without saying whose it is; posts nothing."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("<em>{}</em>", "Recorded by a colleague; confidential.")

    def value_from_datadict(self, data, files, name):
        return None


def attribution_form_for(user):
    class AttributionForm(forms.ModelForm):
        """The identity field offers what ``StoryPartInline`` allows; one recorded by a
        colleague whom the user may not see stays, unshown and unchangeable."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is None:
                # Required of every new attribution; one recorded before readers were told
                # why stays editable without it (the sourcing panel asks for it).
                self.fields["public_reason"].required = True
            field = self.fields.get("identity")
            if field is None or not self.instance.identity_id:
                return
            current = self.instance.identity
            if not source_permissions.can_see_identity(user, current):
                # Disabled: the posted value is ignored and the recorded identity is kept.
                self.fields["identity"] = forms.ModelChoiceField(
                    queryset=Source.objects.filter(pk=current.pk),
                    required=False,
                    disabled=True,
                    widget=ConfidentialWidget,
                    label=field.label,
                )

        class Meta:
            model = AnonymousAttribution
            fields = ["description", "organisation", "public_reason", "reason", "identity"]

    return AttributionForm


class AnonymousAttributionInline(StoryPartInline, admin.StackedInline):
    model = AnonymousAttribution
    extra = 0
    autocomplete_fields = ["organisation", "identity"]
    fields = [("description", "organisation"), "public_reason", "reason", "identity"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "reason":  # a sentence or two; ten empty rows made the form long
            kwargs["widget"] = AdminTextareaWidget(attrs={"rows": 2})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @staticmethod
    def shows_identities(user, *, may_change: bool) -> bool:
        """Read-only views show the identity only to those who may see every identity."""
        return may_change or user.has_perm("sources.view_confidential_identity")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.shows_identities(request.user, may_change=self.has_change_permission(request, obj)):
            return fields
        return [field for field in fields if field != "identity"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = attribution_form_for(request.user)
        return super().get_formset(request, obj, **kwargs)


class MentionInline(StoryPartInline, admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["source", "organisation"]


def log_story_identities(request, article, *, may_change: bool) -> None:
    """Log the identities behind a story's anonymous sources that its form shows this user:
    those they may see (``can_see_identity``), where the form shows identities at all
    (``AnonymousAttributionInline.shows_identities``)."""
    if not AnonymousAttributionInline.shows_identities(request.user, may_change=may_change):
        return
    attributions = AnonymousAttribution.objects.filter(
        article=article, identity__isnull=False
    ).select_related("identity")
    log_identity_views(
        request,
        [
            (attribution.identity, attribution)
            for attribution in attributions
            if source_permissions.can_see_identity(request.user, attribution.identity)
        ],
    )
