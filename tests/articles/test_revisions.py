"""Comparing a story's versions: word by word, every field a reader sees, quotes with their
speakers, between revisions and with the current text."""

from __future__ import annotations

import re

import pytest

from articles import revisions
from articles.models import Article, Author, Section
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SourceFactory,
    user_in,
)

pytestmark = pytest.mark.django_db
ADMIN = "/admin/articles/article/"


def test_word_diff_marks_whole_words_and_escapes_them():
    assert (
        revisions.word_diff("the quick brown fox", "the slow brown fox")
        == "the <del>quick</del><ins>slow</ins> brown fox"
    )
    assert revisions.word_diff("a <b>", "a <i>") == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>"
    assert revisions.word_diff("", "New words") == "<ins>New words</ins>"


def test_paragraphs_are_aligned_then_compared_word_by_word():
    blocks = revisions.block_diff(
        ["First.", "The minister said no.", "Gone."], ["First.", "The minister said yes."]
    )
    assert [(b.kind, b.number) for b in blocks] == [
        ("same", 1),
        ("changed", 2),
        ("removed", None),
    ]
    assert blocks[1].html == "The minister said <del>no.</del><ins>yes.</ins>"


def test_long_unchanged_runs_fold_keeping_one_paragraph_either_side():
    blocks = revisions.block_diff([f"P{i}." for i in range(10)], [f"P{i}." for i in range(9)])
    shown = revisions.fold_unchanged(blocks)
    assert isinstance(shown[0], revisions.Fold) and len(shown[0].blocks) == 8
    assert [b.kind for b in shown[1:]] == ["same", "removed"]


def test_comparison_covers_every_field_a_reader_sees_and_quote_speakers():
    story = ArticleFactory(headline="Talks open", slug="talks-open", byline_text="Agencies")
    person = SourceFactory(name="Huma Baqai")
    QuoteFactory(article=story, source=person, paragraph=0, text="We will see", is_direct=True)
    before = revisions.snapshot(story)

    story.headline, story.slug, story.dateline = "Talks end", "talks-end", "MOSCOW"
    story.section = Section.objects.create(name="World", slug="world")
    story.save()
    story.authors.add(Author.objects.create(name="Sana Malik", slug="sana-malik"))
    institution = OrganisationFactory(name="Foreign Office")
    story.quotes.update(source=None, organisation=institution)
    fields = {f.key: f for f in revisions.compare(before, revisions.snapshot(story))}

    assert fields["headline"].html == "Talks <del>open</del><ins>end</ins>"
    assert fields["slug"].html == "<del>talks-open</del><ins>talks-end</ins>"
    assert fields["byline"].html == "<ins>Sana Malik and</ins> Agencies"
    assert fields["dateline"].html == "<del>ISLAMABAD</del><ins>MOSCOW</ins>"
    assert "<ins>World</ins>" in fields["section"].html
    quote = fields["quotes"].blocks[0].html
    assert "<del>Huma Baqai</del><ins>Foreign Office</ins>" in quote
    assert "¶1" in quote and "“We will see”" in quote
    assert not fields["topics"].changed and not fields["dek"].changed


def test_an_anonymous_speaker_is_shown_by_description_never_identity():
    story = ArticleFactory()
    hidden = SourceFactory(name="Hidden Person")
    attribution = AnonymousAttributionFactory(
        article=story, description="A senior official", identity=hidden
    )
    QuoteFactory(article=story, source=None, anonymous=attribution, paragraph=0)
    html = revisions.html_diff_content({}, revisions.snapshot(story), "Nothing", "Now")
    assert "A senior official (anonymous)" in html
    assert "Hidden Person" not in html


def test_revisions_page_compares_a_revision_with_the_current_text(client):
    editor = user_in("Editor", "desk")
    client.force_login(editor)
    story = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Old words")
    first = revisions.record(story, by=editor)
    legacy = revisions.record(story, by=editor)
    legacy.content.pop("slug")  # as revisions kept before the slug was
    legacy.save()
    Article.objects.filter(pk=story.pk).update(headline="New words", slug="new-words")

    page = client.get(f"{ADMIN}{story.pk}/revisions/?a={first.number}&b=current").content.decode()
    assert "Revision 1 → Current text" in page
    assert "<del>Old</del><ins>New</ins> words" in page
    assert f'href="?a={first.number}&amp;b={legacy.number}"' in page or "with previous" in page

    page = client.get(f"{ADMIN}{story.pk}/revisions/?a={legacy.number}&b=current").content.decode()
    row = re.search(r'id="comparison-slug">(.*?)</tr>', page, re.S)[1]
    assert "new-words" in row and "(not kept in revision 2)" in row
    assert "/static/articles/revisions.css" in page
