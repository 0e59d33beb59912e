"""Admin widgets and form fields for stories."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from taggit.forms import TagField, TagWidget

from articles.models import Topic


class TopicAutocompleteWidget(TagWidget):
    """Taggit's comma-separated text field, with suggestions of existing topics as you type.

    Suggestions come from the admin's own autocomplete view (so its permission checks and
    ``TopicAdmin.search_fields`` apply) and complete the term after the last comma. The posted
    value is still taggit's comma-separated string, so new topics can be typed freely.
    """

    class Media:
        css = {"all": ["articles/topic-autocomplete.css"]}
        js = ["articles/topic-autocomplete.js"]

    def __init__(self, attrs=None, *, model_name="article", field_name="topics"):
        super().__init__(attrs)
        self.model_name = model_name
        self.field_name = field_name

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        query = urlencode(
            {"app_label": "articles", "model_name": self.model_name, "field_name": self.field_name}
        )
        listbox_id = f"{context['widget']['attrs'].get('id', name)}_suggestions"
        context["widget"]["attrs"].update(
            {
                "data-topic-autocomplete-url": f"{reverse('admin:autocomplete')}?{query}",
                "role": "combobox",
                "autocomplete": "off",
                "aria-autocomplete": "list",
                "aria-expanded": "false",
                "aria-controls": listbox_id,
            }
        )
        context["listbox_id"] = listbox_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        return format_html(
            '<span class="topic-autocomplete">{}<ul id="{}" class="topic-suggestions" '
            'role="listbox" hidden></ul></span>',
            self._render(self.template_name, context, renderer),
            context["listbox_id"],
        )


class TopicNamesField(TagField):
    """Taggit's comma-separated topics, each name held to ``Topic.name``'s own rules (length,
    no invisible or reordering characters): taggit creates the topics a story names without
    validating them."""

    def clean(self, value):
        names = super().clean(value)
        name_field = Topic._meta.get_field("name")
        errors = []
        for name in names:
            try:
                name_field.run_validators(name)
            except ValidationError as error:
                shown = "".join(char for char in name if char.isprintable())
                errors += [f"Topic “{shown}”: {message}" for message in error.messages]
        if errors:
            raise ValidationError(errors)
        return names


class ParagraphSelect(forms.Select):
    """A quote's paragraph chosen from the body's own paragraphs ("3 — A senior official at
    the foreign ministry said…"); the choices are set per form (``articles.forms.QuoteForm``)
    and ``quote-entry.js`` rebuilds them as the body editor changes. The same script fills a
    new quote from words selected in the body."""

    class Media:
        js = ["articles/quote-entry.js"]

    def __init__(self, attrs=None):
        super().__init__({"class": "quote-paragraph", **(attrs or {})})
