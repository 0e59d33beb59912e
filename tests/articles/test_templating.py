"""The public templates' Django helpers give what Django's own template tags give."""

from datetime import UTC, date, datetime

import pytest
from django.template import defaultfilters, engines
from django.utils import timezone


def date_filter(moment, format_string: str) -> str:
    """The public templates' ``date`` filter, as a template uses it."""
    template = engines["jinja2"].from_string("{{ moment|date(format_string) }}")
    return template.render({"moment": moment, "format_string": format_string})


@pytest.mark.parametrize("format_string", ["c", "j F Y", "j F Y, H:i T", "Y", "m", "F Y"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2016, 12, 26, 3, 30, tzinfo=UTC),  # 08:30 in Islamabad
        datetime(2016, 12, 31, 20, 15, 5, 123456, tzinfo=UTC),  # already 1 January there
        date(2016, 12, 1),
    ],
)
def test_date_is_djangos_date_filter_in_the_newsrooms_time_zone(moment, format_string):
    if isinstance(moment, date) and not isinstance(moment, datetime) and "H" in format_string:
        pytest.skip("a date has no time")
    local = timezone.template_localtime(moment)
    assert date_filter(moment, format_string) == defaultfilters.date(local, format_string)


@pytest.mark.parametrize("language", ["en", "fr", "ur"])
def test_the_formats_made_directly_are_djangos_in_every_language(language):
    from django.utils import translation

    moments = [datetime(2016, month, 26, 22, 30, tzinfo=UTC) for month in range(1, 13)]
    with translation.override(language):
        for moment in moments:
            local = timezone.template_localtime(moment)
            for format_string in ("c", "j F Y", "j F Y, H:i T"):
                assert date_filter(moment, format_string) == defaultfilters.date(
                    local, format_string
                )


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2016, 7, 1, 12, 0, tzinfo=UTC),  # summer time
        datetime(2016, 12, 1, 12, 0, tzinfo=UTC),  # winter time
        datetime(2016, 10, 30, 0, 30, tzinfo=UTC),  # 02:30 in Paris, before the clocks go back
        datetime(2016, 10, 30, 1, 30, tzinfo=UTC),  # 02:30 in Paris again, after
    ],
)
def test_the_publication_time_names_its_zone_as_django_does_across_clock_changes(moment):
    with timezone.override("Europe/Paris"):
        local = timezone.template_localtime(moment)
        assert date_filter(moment, "j F Y, H:i T") == defaultfilters.date(local, "j F Y, H:i T")


def test_date_of_nothing_is_empty():
    assert date_filter(None, "j F Y") == ""


def test_dates_follow_the_time_zone_and_language_in_force_when_the_page_is_rendered():
    from django.utils import translation

    moment = datetime(2016, 12, 31, 20, 15, tzinfo=UTC)
    assert date_filter(moment, "j F Y, H:i") == "1 January 2017, 01:15"
    with timezone.override("Europe/Paris"), translation.override("fr"):
        assert date_filter(moment, "j F Y, H:i") == "31 décembre 2016, 21:15"
        assert date_filter(moment, "j F Y") == "31 décembre 2016"


def test_undefined_names_fail_instead_of_printing_nothing():
    from jinja2.exceptions import UndefinedError

    template = engines["jinja2"].from_string("{{ story.headline }}")
    with pytest.raises(UndefinedError):
        template.render({})


def test_output_is_escaped_unless_marked_safe():
    template = engines["jinja2"].from_string("{{ text }} {{ text|linebreaksbr }}")
    assert template.render({"text": "<b>&\nx"}) == "&lt;b&gt;&amp;\nx &lt;b&gt;&amp;<br>x"
