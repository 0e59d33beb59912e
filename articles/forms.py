"""Form fields shared by the story admin and the importer."""

from __future__ import annotations

from django import forms


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
