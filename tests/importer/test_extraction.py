"""Behaviour of the extractor on short inline stories, one hard case each."""

import pytest

from importer.extraction import MAX_STORY_CHARS, ExtractionError, extract, split_story
from tests.importer.helpers import quotes, who


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("ISLAMABAD - ", "ISLAMABAD"),
        ("ISLAMABAD -\u00a0", "ISLAMABAD"),
        ("NEW DELHI – ", "NEW DELHI"),
        ("WASHINGTON, D.C. —  ", "WASHINGTON, D.C."),
    ],
)
def test_split_story_detects_dateline_with_any_dash_and_space(opening, dateline):
    story = split_story(f"\ufeff{opening}Prices rose.\r\n\r\nThey fell.\r\n")
    assert story.dateline == dateline
    assert story.lead == "Prices rose."
    assert story.paragraphs[0].startswith(opening.strip()[:3])
    assert story.body == ["Prices rose.", "They fell."]


def test_split_story_without_dateline_keeps_first_paragraph():
    story = split_story("Prices rose - sharply.\n\n\n\nThey fell.")
    assert story.dateline is None
    assert story.body == ["Prices rose - sharply.", "They fell."]


@pytest.mark.parametrize("text", ["", "   \n\n ", "\ufeff"])
def test_empty_text_raises_extraction_error(text):
    with pytest.raises(ExtractionError, match="empty"):
        extract(text)


def test_binary_text_raises_extraction_error():
    with pytest.raises(ExtractionError, match="binary"):
        extract("abc\x00def")
    with pytest.raises(ExtractionError, match="control characters"):
        extract("\x01\x02\x03\x04" * 50)


def test_text_without_words_raises_extraction_error():
    with pytest.raises(ExtractionError, match="no words"):
        extract("12 34\n\n-- 56 !!")


def test_oversized_text_raises_extraction_error():
    with pytest.raises(ExtractionError, match="limit"):
        extract("a" * (MAX_STORY_CHARS + 1))


def test_split_quote_around_attribution_gives_two_entries():
    found = quotes("LONDON - “We will strike,” said union leader Mick Whelan. “We have no choice.”")
    assert [(who(s), t, d) for s, t, d, _ in found] == [
        ("Mick Whelan", "We will strike,", True),
        ("Mick Whelan", "We have no choice.", True),
    ]


def test_straight_quotes_and_nested_single_quotes_are_kept():
    found = quotes("PARIS - \"They told us 'wait' again,\" Claire Morel said.")
    assert found[0][1] == "They told us 'wait' again,"
    assert found[0][0].name == "Claire Morel"


def test_he_and_she_go_to_the_last_speaker_of_matching_gender():
    text = (
        "KABUL - Aid worker Sara Ahmadi said she had seen hunger. "
        "Doctor Omar Zia said he had run out of medicine.\n\n"
        "“Children are dying,” she said.\n\n“We need fuel,” he said."
    )
    found = quotes(text)
    direct = [(who(s), t) for s, t, d, _ in found if d]
    assert direct == [("Sara Ahmadi", "Children are dying,"), ("Omar Zia", "We need fuel,")]


def test_quote_only_paragraph_goes_to_most_recent_speaker():
    text = (
        "DHAKA - Labour leader Kalpona Roy said the fire was avoidable.\n\n"
        "“Every time, workers die.”"
    )
    found = quotes(text)
    assert (found[-1][0].name, found[-1][1], found[-1][3]) == (
        "Kalpona Roy",
        "Every time, workers die.",
        1,
    )


def test_reported_speech_with_and_without_that():
    text = (
        "KARACHI - Economist Kaiser Bengali contended that the port was old. "
        "Bengali said the cranes were slow."
    )
    found = quotes(text)
    assert [(s.name, t, d) for s, t, d, _ in found] == [
        ("Kaiser Bengali", "the port was old", False),
        ("Kaiser Bengali", "the cranes were slow", False),
    ]
    assert found[0][0].kind == "expert"
    assert found[0][0].title == "Economist"


def test_told_the_paper_on_sunday_that_clause():
    found = quotes(
        "ISLAMABAD - Senior officials at the foreign ministry told The Nation on Sunday, "
        "that Washington had expressed “annoyance” over the ties."
    )
    speaker = found[0][0]
    assert (speaker.kind, speaker.title, speaker.organisation) == (
        "anonymous",
        "Senior officials",
        "foreign ministry",
    )
    assert [(t, d) for _, t, d, _ in found] == [
        ("Washington had expressed “annoyance” over the ties", False),
        ("annoyance", True),
    ]


def test_clause_before_the_verb_is_reported_speech():
    found = quotes(
        "BEIJING - Shares rose 10 percent, the maximum limit, the Shenzhen exchange said."
    )
    assert [(who(s), t, d) for s, t, d, _ in found] == [
        ("Shenzhen exchange", "Shares rose 10 percent, the maximum limit", False)
    ]
    assert found[0][0].kind == "other"


def test_according_to_gives_reported_speech_for_the_source():
    found = quotes("NEW DELHI - Demand hit a record, according to the State Load Despatch Centre.")
    assert [(who(s), t, d) for s, t, d, _ in found] == [
        ("State Load Despatch Centre", "Demand hit a record", False)
    ]


def test_whole_complement_in_quotes_gives_only_the_direct_entry():
    found = quotes("GENEVA - Grandi said: “The numbers are rising.”")
    assert [(t, d) for _, t, d, _ in found] == [("The numbers are rising.", True)]


def test_titles_and_honorifics_are_split_from_the_name():
    text = (
        "ISLAMABAD - International relations expert Dr Huma Baqai said that ties were good.\n\n"
        "Defence analyst Air Marshal (retired) Shahid Latif said the ties were old.\n\n"
        "Baqai said Moscow had been open."
    )
    found = quotes(text)
    baqai, latif = found[0][0], found[1][0]
    assert (baqai.name, baqai.title, baqai.kind) == (
        "Huma Baqai",
        "International relations expert",
        "expert",
    )
    assert (latif.name, latif.title, latif.kind) == (
        "Shahid Latif",
        "Defence analyst Air Marshal (retired)",
        "analyst",
    )
    assert found[2][0] is baqai


def test_anonymous_sources_stay_distinct_and_the_official_links_back():
    text = (
        "ISLAMABAD - A senior official at the foreign ministry said that the US was upset.\n\n"
        "Another official said that the US was envious.\n\n"
        "The official said that Russia was serious."
    )
    found = quotes(text)
    first, second, third = (s for s, *_ in found)
    assert first is not second
    assert third is second
    assert (first.title, first.organisation) == ("senior official", "foreign ministry")
    assert second.anonymous_description == "Another official"
    assert all(s.kind == "anonymous" and s.name is None for s in (first, second))


def test_institutions_with_the_same_organisation_words_are_one_speaker():
    text = (
        "ISLAMABAD - The foreign ministry said that talks were useful.\n\n"
        "“We convey our condolences,” a statement released by the foreign ministry said.\n\n"
        "Pakistan on Sunday said it was saddened."
    )
    found = quotes(text)
    ministry, statement, pakistan = (s for s, *_ in found)
    assert ministry is statement
    assert (ministry.kind, ministry.organisation) == ("other", "foreign ministry")
    assert (pakistan.kind, pakistan.organisation) == ("other", "Pakistan")


def test_editorial_brackets_inside_quotes_are_kept():
    found = quotes("BEIJING - “We hope [the United States] will stop,” Mao Ning said.")
    assert found[0][1] == "We hope [the United States] will stop,"


def test_event_names_and_scare_quotes_are_not_quotes():
    text = (
        "LONDON - The so-called “Kabul process” will resume. The “reform agenda” has stalled. "
        "Officials held “Pakistan-Russia consultations on regional issues” last week."
    )
    assert quotes(text) == []


def test_requests_and_noun_objects_are_not_reported_speech():
    text = (
        "LONDON - The minister urged the union to accept the offer. "
        "Hospitals reported a sharp rise in cases. The assertion that prices rose was false."
    )
    assert quotes(text) == []


def test_directive_after_reported_clause_ends_the_clause():
    found = quotes(
        "LONDON - Transport Secretary Louise Haigh said the offer was “fair” and urged a vote."
    )
    assert [(t, d) for _, t, d, _ in found] == [("the offer was “fair”", False), ("fair", True)]


def test_nested_reporting_goes_to_the_innermost_source_with_a_clause():
    found = quotes(
        "KABUL - Officials told the Kabul Times that the governor had told them the roads "
        "would reopen soon."
    )
    assert [(who(s), t) for s, t, _, _ in found] == [
        ("the governor", "the roads would reopen soon")
    ]


def test_joint_statement_gives_one_entry_per_source():
    found = quotes(
        "LONDON - Mick Whelan and Eddie Dempsey said in a joint statement that talks had failed."
    )
    assert [(s.name, t) for s, t, _, _ in found] == [
        ("Mick Whelan", "talks had failed"),
        ("Eddie Dempsey", "talks had failed"),
    ]


def test_unclosed_quotation_mark_is_recovered_with_a_warning():
    extraction = extract(
        'NAIROBI - "We had sixty cows. Now we have four, said Halima Wario, a herder.\n\n'
        'Aid agencies said "funding had fallen short.'
    )
    assert [(q.text, q.direct) for q in extraction.quotes][0] == (
        "We had sixty cows. Now we have four,",
        True,
    )
    assert any("never closed" in warning for warning in extraction.warnings)
    assert extraction.quotes[-1].text == '"funding had fallen short'


def test_quote_continued_into_next_paragraph_is_not_a_warning():
    extraction = extract(
        "NAIROBI - Minister Grace Achieng said the lorries had left.\n\n"
        "“Maize left this morning.\n\n“Water follows,” she said."
    )
    assert [q.text for q in extraction.quotes if q.direct] == [
        "Maize left this morning.",
        "Water follows,",
    ]
    assert extraction.warnings == []


def test_to_json_dict_has_the_gold_schema():
    data = extract("KABUL - “Yes,” the diplomat said.").to_json_dict()
    assert set(data) == {"dateline", "paragraphs", "speakers", "quotes"}
    assert set(data["speakers"][0]) == {
        "key",
        "name",
        "title",
        "organisation",
        "kind",
        "anonymous_description",
    }
    assert data["quotes"][0] == {"speaker": "s1", "text": "Yes,", "direct": True, "paragraph": 0}
