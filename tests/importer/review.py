"""The import review page as a test drives it: post a story, then post the review back."""

from django import forms

IMPORT_URL = "/admin/importer/storyimport/"

STORY = """KABUL - Talks on the new border crossing made progress on Monday, officials said.

Trade Minister Farid Rahimi said that the crossing would open before spring.

“We have waited long enough. The lorries will move in March,” he said.

International relations expert Dr Huma Baqai said the deal mattered more for Pakistan than for Afghanistan.

“This is a test of trust between the two capitals,” she said.

A senior official at the commerce ministry said that customs staff had not yet been hired.
"""


def management_data(formset):
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for form in formset:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value
    return data


def review_page(client, text=STORY, headline="Border crossing to open in March"):
    response = client.post(IMPORT_URL, {"headline": headline, "text": text})
    assert response.status_code == 200, response.content[:500]
    assert "speakers" in response.context, response.context.get("form").errors
    return response


def review_post_data(response, **overrides):
    data = {
        "review": "1",
        "headline": response.context["review"]["headline"].value(),
        "text": response.context["review"]["text"].value(),
    }
    data |= management_data(response.context["speakers"])
    data |= management_data(response.context["quotes"])
    data |= overrides
    return data
