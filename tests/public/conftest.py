"""Stories in every state that is not public, so every surface can be checked against them."""

import html
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import ArticleFactory, AuthorFactory, QuoteFactory, SourceFactory

ISLAMABAD_URL = "/2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/"
# Every kind of public page, on the demo newsroom.
DEMO_PAGES = [
    "/",
    ISLAMABAD_URL,
    "/sections/pakistan/",
    "/topics/pakistan-russia-relations/",
    "/authors/sana-malik/",
    "/people/huma-baqai/",
    "/organisations/pakistan-foreign-ministry/",
    "/sections/",
    "/topics/?letter=p",
    "/people/",
    "/organisations/?letter=p",
    "/archive/",
    "/archive/2016/",
    "/archive/2016/12/",
    "/corrections/",
    "/search/",
    "/search/?q=Baqai",
]


def not_public_states(now):
    return {
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "in_review": {"status": Article.Status.IN_REVIEW, "published_at": None},
        "scheduled": {"published_at": now + timedelta(days=2)},
        "embargoed": {
            "published_at": now - timedelta(hours=2),
            "embargo_until": now + timedelta(days=2),
        },
        "unpublished": {
            "status": Article.Status.UNPUBLISHED,
            "published_at": now - timedelta(hours=3),
        },
    }


def forms_of(text):
    """The raw, HTML-escaped and JSON-escaped forms a leak could take."""
    return {
        text,
        html.escape(text),
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
    }


@pytest.fixture
def public_story(db):
    author = AuthorFactory(slug="shared-author", name="Shared Author")
    story = ArticleFactory(
        headline="Visible harbour story",
        slug="visible-harbour-story",
        body="<p>The harbour reopened today.</p>",
        published_at=timezone.now() - timedelta(hours=5),
    )
    story.authors.add(author)
    story.topics.add("Shared harbour topic")
    QuoteFactory(article=story, source=SourceFactory(slug="shared-person"), paragraph=0)
    Correction.objects.create(article=story, text="A visible correction.")
    return story


@pytest.fixture
def hidden_stories(public_story):
    """One story per non-public state, sharing section, author, topic and speaker with the public one.

    Each has a unique word (``zqx<state>word``) in its headline and body, and a headline with
    characters that escape differently in HTML and JSON.
    """
    now = timezone.now()
    person = public_story.quotes.get().source
    author = public_story.authors.get()
    stories = {}
    for state, fields in not_public_states(now).items():
        token = f"zqx{state.replace('_', '')}word"
        story = ArticleFactory(
            headline=f"Secret {token} & “{state}” <story>",
            slug=f"secret-{state.replace('_', '-')}",
            dek=f"Dek of {token}",
            body=f"<p>Body mentions {token} and the harbour.</p>",
            section=public_story.section,
            **fields,
        )
        story.authors.add(author)
        story.topics.add("Shared harbour topic", f"Hidden topic {token}")
        QuoteFactory(article=story, source=person, text=f"Quote {token}", paragraph=0)
        QuoteFactory(
            article=story,
            source=SourceFactory(slug=f"only-{token}", name=f"Person {token}"),
            text=f"Quote of {token}",
            paragraph=1,
        )
        Correction.objects.create(article=story, text=f"Correction {token}")
        stories[state] = (story, token)
    return stories


@pytest.fixture
def no_page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE = False
