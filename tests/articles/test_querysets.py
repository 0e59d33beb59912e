from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

NOW = timezone.now()
PAST = NOW - timedelta(days=1)
FUTURE = NOW + timedelta(days=1)

STATES = [status for status, _ in Article.Status.choices]
PUBLISH_TIMES = {"none": None, "past": PAST, "future": FUTURE}
EMBARGOES = {"none": None, "passed": PAST, "future": FUTURE}


def expected_public(status, publish_time, embargo):
    return status == "published" and publish_time == "past" and embargo in {"none", "passed"}


CASES = [
    (status, publish_time, embargo)
    for status in STATES
    for publish_time in PUBLISH_TIMES
    for embargo in EMBARGOES
    if not (status == "published" and publish_time == "none")  # refused by a DB constraint
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "publish_time", "embargo"), CASES)
def test_published_rule_truth_table(status, publish_time, embargo):
    article = ArticleFactory(
        status=status,
        published_at=PUBLISH_TIMES[publish_time],
        embargo_until=EMBARGOES[embargo],
    )
    in_queryset = Article.objects.published().filter(pk=article.pk).exists()

    assert in_queryset is expected_public(status, publish_time, embargo)
    assert article.is_public is in_queryset


@pytest.mark.django_db
def test_published_reads_the_clock_at_call_time():
    now = timezone.now()
    article = ArticleFactory(published_at=now + timedelta(minutes=5))

    assert not Article.objects.published().filter(pk=article.pk).exists()
    later = now + timedelta(minutes=10)
    assert Article.objects.published(now=later).filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_a_published_story_needs_a_publish_time():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


@pytest.mark.django_db
def test_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a></p>'
    )
    article.refresh_from_db()

    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert article.body.startswith("<p>Hi")


@pytest.mark.django_db
def test_article_url_is_dated_in_the_newsroom_time_zone(settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    # 23:30 UTC on 25 December is 04:30 on 26 December in Islamabad.
    published = datetime(2016, 12, 25, 23, 30, tzinfo=ZoneInfo("UTC"))
    article = ArticleFactory(slug="late-night", published_at=published)

    assert article.get_absolute_url() == "/2016/12/26/late-night/"


def related(story, **options) -> list[tuple[int, int]]:
    """The ids of ``story``'s related stories and the topics each shares, ranked as its page
    shows them (``related_stories()``), each with the headline and publish time it links with."""
    from articles.related import RelatedStories, related_stories

    story = Article.objects.annotate(
        related=RelatedStories(Article.objects.published(), **options)
    ).get(pk=story.pk)
    found = related_stories(story.related, using="default")
    for other in found:
        stored = Article.objects.get(pk=other.pk)
        assert (other.headline, other.slug) == (stored.headline, stored.slug)
        assert other.published_at == stored.published_at
        assert other.get_absolute_url() == stored.get_absolute_url()
    return [(other.pk, other.shared) for other in found]


@pytest.mark.django_db
def test_related_stories_rank_shared_topics_then_newest_and_only_public_stories():
    story = ArticleFactory()
    story.topics.add("Ports", "Trade")
    older_both = ArticleFactory(published_at=NOW - timedelta(days=9))
    older_both.topics.add("Ports", "Trade")
    newer_both = ArticleFactory(published_at=NOW - timedelta(days=2))
    newer_both.topics.add("Ports", "Trade")
    newest_one = ArticleFactory(published_at=NOW - timedelta(hours=1))
    newest_one.topics.add("Trade")
    draft = ArticleFactory(status=Article.Status.DRAFT)
    draft.topics.add("Ports", "Trade")
    ArticleFactory().topics.add("Weather")

    assert related(story) == [(newer_both.pk, 2), (older_both.pk, 2), (newest_one.pk, 1)]


@pytest.mark.django_db
def test_related_stories_find_a_rare_topic_beside_a_busy_one():
    """A busy topic's newest stories must not crowd out the only story of a rare topic."""
    story = ArticleFactory()
    story.topics.add("Budget", "Lighthouses")
    lighthouse = ArticleFactory(headline="The last lighthouse keeper")
    lighthouse.topics.add("Lighthouses")
    for _ in range(4):
        ArticleFactory().topics.add("Budget")

    ids = [pk for pk, _ in related(story, limit=5, per_topic=2)]

    assert lighthouse.pk in ids
    assert story.pk not in ids
    assert len(ids) == 3


@pytest.mark.django_db
def test_a_story_without_topics_has_no_related_stories():
    assert related(ArticleFactory()) == []


@pytest.mark.django_db
def test_shared_topics_are_those_among_whose_newest_stories_a_candidate_is():
    story = ArticleFactory()
    story.topics.add("Budget", "Ports")
    both = ArticleFactory(headline="Older, on both")
    both.topics.add("Budget", "Ports")
    busy = [ArticleFactory() for _ in range(2)]  # newer Budget stories
    for newer in busy:
        newer.topics.add("Budget")

    assert dict(related(story, per_topic=2)) == {busy[1].pk: 1, busy[0].pk: 1, both.pk: 1}
    assert dict(related(story, per_topic=3))[both.pk] == 2


def karachi(*args):
    return datetime(*args, tzinfo=ZoneInfo("Asia/Karachi"))


@pytest.mark.django_db
def test_years_of_stories_are_django_years_in_the_newsrooms_time_zone():
    """The years are read by probing each year's first story; they must be exactly the years
    Django's truncation gives, boundaries in the newsroom's time zone included."""
    from django.db.models import QuerySet

    ArticleFactory(published_at=karachi(2016, 12, 31, 23, 30))
    ArticleFactory(published_at=karachi(2017, 1, 1, 0, 30))  # 2016 in UTC
    ArticleFactory(published_at=karachi(2019, 6, 1), status=Article.Status.DRAFT)
    ArticleFactory(published_at=karachi(2021, 3, 1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    stories = Article.objects.all()

    years = [day.year for day in stories.datetimes("published_at", "year")]

    assert years == [2016, 2017, 2019, 2021]
    assert years == [day.year for day in QuerySet.datetimes(stories, "published_at", "year")]
    published = stories.filter(status=Article.Status.PUBLISHED)
    assert [day.year for day in published.datetimes("published_at", "year", "DESC")] == [
        2021,
        2017,
        2016,
    ]
    assert list(stories.filter(headline="nothing").datetimes("published_at", "year")) == []
    assert [d.month for d in stories.datetimes("published_at", "month")] == [12, 1, 6, 3]


@pytest.mark.django_db
def test_a_storys_address_is_dated_in_the_newsrooms_time_zone_whatever_zone_is_active():
    story = ArticleFactory(slug="new-year", published_at=karachi(2017, 1, 1, 3, 0))
    expected = "/2017/01/01/new-year/"  # still 31 December in New York
    assert story.get_absolute_url() == expected
    with timezone.override("America/New_York"):
        assert story.get_absolute_url() == expected
