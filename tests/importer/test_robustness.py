"""extract() never fails on odd text except with ExtractionError, and finishes on 200k chars."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.extraction import MAX_STORY_CHARS, ExtractionError, extract

ALPHABET = st.sampled_from(
    list("“”\"'‘’-–—,.;:!?()[] \n\u00a0\x00\x01")
    + ["said", "told", "he", "she", "that", "according to", "ISLAMABAD", "NEW DELHI", "Dr",
       "The official", "Mr Smith", "officials", "ministry", "\n\n", "so-called", "and urged"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=120).map("".join))
def test_extract_only_ever_raises_extraction_error_on_story_like_text(text):
    try:
        extraction = extract(text)
    except ExtractionError:
        return
    assert extraction.paragraphs >= 1
    extraction.to_json_dict()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_extract_only_ever_raises_extraction_error_on_arbitrary_text(text):
    with contextlib.suppress(ExtractionError):
        extract(text)


@pytest.mark.parametrize(
    "text",
    [
        "““said",
        "\nshe said according toaddingMr Smith::\n\nby ",
        ", ,told Mr Smith 'Ali Khan.; .",
        "X - , , “a” , ,",
        "officials pointed out, , ",
    ],
)
def test_cues_at_the_very_end_of_a_text_do_not_crash(text):
    extract(text).to_json_dict()


def test_adversarial_200k_character_text_completes():
    pieces = [
        "“said " * 5000,
        '"He said "A ' * 3000,
        "ABCDEFGHIJ KLMNOP " * 2000,
        "said said said " * 2000,
        "Mr John Smith said he said, she said. " * 500,
        "according to that, " * 1000,
    ]
    text = "\n\n".join(pieces)
    text = (text * (MAX_STORY_CHARS // len(text) + 1))[:MAX_STORY_CHARS]
    extraction = extract(text)
    assert len(extraction.warnings) <= 51
