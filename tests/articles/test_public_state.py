"""The public content version: bumped by every public change, and by time at boundaries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import workflow
from articles.caching import content_state, next_boundary
from articles.models import Article, Correction, PublicState
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


def test_a_queryset_update_needs_an_explicit_bump():
    from articles.caching import bump_public_version

    story = ArticleFactory()
    quote = QuoteFactory(article=story)
    before = version()
    Quote.objects.filter(pk=quote.pk).update(text="Changed without signals.")
    assert version() == before
    bump_public_version()
    assert version() != before


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
