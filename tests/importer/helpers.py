"""Small readers of an extraction, shared by the extractor's behaviour tests."""

from importer.extraction import extract


def quotes(text):
    """(speaker, text, direct, paragraph) for every quote the extractor finds in ``text``."""
    extraction = extract(text)
    speakers = {speaker.key: speaker for speaker in extraction.speakers}
    return [(speakers[q.speaker], q.text, q.direct, q.paragraph) for q in extraction.quotes]


def who(speaker):
    return speaker.name or speaker.anonymous_description or speaker.organisation
