"""The public content version: bumped by every public change, however it is written, and by
time at boundaries."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.models import Article, Correction, PublicState, Section, next_boundary
from newsroom.caching import content_state
from newsroom.signals import is_public_model, public_content_changed
from sources.models import Quote
from tests.factories import ArticleFactory, QuoteFactory, SectionFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def version(now=None):
    return content_state(now=now).version


def test_reading_the_version_is_one_query(django_assert_num_queries):
    version()
    with django_assert_num_queries(1):
        version()


def test_saving_public_content_changes_the_version():
    story = ArticleFactory()
    for change in [
        lambda: story.save(update_fields=["headline", "modified_at"]),
        lambda: Correction.objects.create(article=story, text="A fix."),
        lambda: SectionFactory(),
        lambda: QuoteFactory(article=story),
        lambda: SourceFactory(),
        lambda: story.topics.add("A new topic"),
        lambda: story.delete(),
    ]:
        before = version()
        change()
        assert version() != before


def test_unpublishing_through_the_workflow_changes_the_version():
    editor = UserFactory(username="desk-editor")
    editor.groups.add(Group.objects.get(name="Editor"))
    story = ArticleFactory()
    before = version()
    workflow.unpublish(story, by=editor, reason="Legal")
    assert version() != before


@pytest.fixture
def changes():
    """What ``public_content_changed`` said, as ``(model name, instance)``."""
    sent = []

    def listener(sender, instance=None, **kwargs):
        sent.append((sender.__name__, instance))

    public_content_changed.connect(listener)
    yield sent
    public_content_changed.disconnect(listener)


def test_a_queryset_update_moves_the_version(changes):
    quote = QuoteFactory()
    before = version()
    changes.clear()
    assert Quote.objects.filter(pk=quote.pk).update(text="Changed in bulk.") == 1
    assert changes == [("Quote", None)]
    assert version() != before


def test_an_update_that_changes_no_row_says_nothing(changes):
    Quote.objects.filter(pk=-1).update(text="Nothing.")
    assert changes == []


def test_bulk_update_moves_the_version(changes):
    section = SectionFactory()
    before = version()
    changes.clear()
    section.name = "Renamed in bulk"
    Section.objects.bulk_update([section], ["name"])
    assert ("Section", None) in changes
    assert version() != before


def test_bulk_create_moves_the_version_and_the_next_boundary(changes):
    later = timezone.now() + timedelta(hours=2)
    story = ArticleFactory.build(slug="bulk-story", published_at=later, section=SectionFactory())
    before = version()
    changes.clear()
    Article.objects.bulk_create([story])
    assert changes == [("Article", None)]
    assert version() != before
    assert PublicState.objects.get().next_boundary_at == later


def test_a_queryset_delete_moves_the_version(changes):
    story = ArticleFactory()
    QuoteFactory(article=story)
    before = version()
    changes.clear()
    Article.objects.filter(pk=story.pk).delete()
    assert {name for name, _instance in changes} >= {"Article", "Quote"}
    assert version() != before


def test_every_model_readers_see_is_a_public_model():
    """Its QuerySet sends the signal for bulk writes, and ``articles.apps`` relays its saves."""
    public = {
        "articles.Article",
        "articles.Correction",
        "articles.FrontPageItem",
        "articles.Section",
        "articles.Topic",
        "articles.TaggedArticle",
        "articles.Author",
        "articles.SlugRedirect",
        "sources.Quote",
        "sources.Source",
        "sources.Organisation",
        "sources.AnonymousAttribution",
        "sources.Mention",
        "images.Image",
    }
    assert all(is_public_model(apps.get_model(label)) for label in public)
    assert not is_public_model(apps.get_model("articles.ArticleEvent"))


def test_the_next_boundary_is_the_earliest_future_publish_embargo_or_correction():
    now = timezone.now()
    ArticleFactory(published_at=now - timedelta(days=1))
    ArticleFactory(published_at=now + timedelta(hours=3))
    embargoed = ArticleFactory(embargo_until=now + timedelta(hours=2))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert next_boundary(now) == embargoed.embargo_until
    Correction.objects.create(
        article=embargoed, text="Later note.", published_at=now + timedelta(hours=1)
    )
    assert next_boundary(now) == now + timedelta(hours=1)
    assert next_boundary(now + timedelta(hours=4)) is None


def test_crossing_a_boundary_bumps_the_version_once_without_a_write():
    now = timezone.now()
    ArticleFactory(published_at=now + timedelta(hours=1))
    before = version(now)
    assert version(now + timedelta(minutes=59)) == before
    after = version(now + timedelta(hours=1))
    assert after != before
    assert version(now + timedelta(hours=1, minutes=5)) == after
    state = PublicState.objects.get()
    assert state.next_boundary_at is None
    assert state.changed_at == now + timedelta(hours=1)


def test_a_stale_boundary_is_bumped_by_one_worker_only():
    now = timezone.now()
    ArticleFactory(published_at=now + timedelta(hours=1))
    version(now)
    start = PublicState.objects.get().version
    later = now + timedelta(hours=2)
    # Two workers that read the same boundary: the conditional UPDATE lets one of them bump.
    version(later)
    version(later)
    assert PublicState.objects.get().version == start + 1


def test_last_modified_moves_with_the_version():
    first = content_state()
    ArticleFactory()
    assert content_state().last_modified > first.last_modified
