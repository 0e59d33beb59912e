"""Story and home pages as plain data: what they show, and that it is what the models say."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import pages
from articles.models import Article, Correction, FrontPageItem
from sources.models import Quote
from tests.articles.test_lead_image import story_with_lead_image  # noqa: F401 (a fixture)
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    AuthorFactory,
    OrganisationFactory,
    QuoteFactory,
    SectionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"


def speakers_by_the_models(article):
    """Each speaker in order of first appearance, named by ``Quote.attribution()``."""
    speakers = {}
    for quote in Quote.objects.filter(article=article).with_speakers().in_story_order():
        key = (quote.source_id, quote.organisation_id, quote.anonymous_id)
        name, url, count = speakers.get(key, (quote.attribution(), quote.speaker_url(), 0))
        speakers[key] = (name, url, count + 1)
    return list(speakers.values())


def test_the_islamabad_story_names_its_speakers_as_the_models_do(demo_newsroom):
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    page = pages.story_page(ISLAMABAD_SLUG)

    assert [(s.name, s.url, s.quotes) for s in page.speakers] == speakers_by_the_models(article)
    assert sum(speaker.quotes for speaker in page.speakers) == 21
    anonymous = {speaker.name for speaker in page.speakers if speaker.url is None}
    assert "A senior official at the foreign ministry" in anonymous
    assert "Demo Confidential Person" not in repr(page)
    assert [author.name for author in page.authors] == ["Sana Malik"]
    assert page.url == article.get_absolute_url()
    assert page.published_at == article.published_at


def test_a_story_page_has_its_own_lists_and_nothing_unpublished():
    now = timezone.now()
    section = SectionFactory(name="Economy", slug="economy")
    story = ArticleFactory(section=section, byline_text="Agencies")
    story.authors.add(AuthorFactory(name="Zara Qureshi"), AuthorFactory(name="Ali Khan"))
    story.topics.add("Trade", "Ports")
    ministry = OrganisationFactory(name="Ministry of Commerce")
    anonymous = AnonymousAttributionFactory(article=story, description="A trade official")
    QuoteFactory(article=story, paragraph=1, source=None, organisation=ministry)
    QuoteFactory(article=story, paragraph=0, source=SourceFactory(name="Huma Baqai", title=""))
    QuoteFactory(article=story, paragraph=2, source=None, anonymous=anonymous)
    QuoteFactory(article=story, paragraph=3, source=None, organisation=ministry)
    Correction.objects.create(article=story, text="Fixed a figure.", published_at=now)
    Correction.objects.create(article=story, text="Not yet.", published_at=now + timedelta(days=1))

    page = pages.story_page(story.slug, now=now)

    assert page.section == pages.SectionLink(
        name="Economy", url="/sections/economy/", slug="economy"
    )
    assert [author.name for author in page.authors] == ["Ali Khan", "Zara Qureshi"]
    assert [topic.name for topic in page.topics] == ["Ports", "Trade"]
    assert [(s.name, s.quotes) for s in page.speakers] == [
        ("Huma Baqai", 1),
        ("Ministry of Commerce", 2),
        ("A trade official", 1),
    ]
    assert [(c.kind, c.text) for c in page.corrections] == [("Correction", "Fixed a figure.")]
    assert page.lead_image is None and page.byline_text == "Agencies"


def test_a_story_readers_may_not_see_has_no_page():
    now = timezone.now()
    assert pages.story_page(ArticleFactory(status=Article.Status.DRAFT).slug) is None
    assert pages.story_page(ArticleFactory(published_at=now + timedelta(hours=1)).slug) is None
    embargoed = ArticleFactory(embargo_until=now + timedelta(hours=1))
    assert pages.story_page(embargoed.slug, now=now) is None
    assert pages.story_page(embargoed.slug, now=now + timedelta(hours=2)) is not None


def test_the_preview_of_a_published_story_is_its_public_page(demo_newsroom):
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    now = timezone.now()
    assert pages.preview_page(article, now=now) == pages.story_page(ISLAMABAD_SLUG, now=now)


def test_the_lead_image_comes_with_its_renditions(story_with_lead_image, django_assert_num_queries):  # noqa: F811
    from images.renditions import get_renditions, standard_specs  # noqa: PLC0415

    get_renditions(
        story_with_lead_image.lead_image, standard_specs(story_with_lead_image.lead_image)
    )
    page = pages.story_page(story_with_lead_image.slug)
    with django_assert_num_queries(0):
        found = get_renditions(page.lead_image, standard_specs(page.lead_image))
    assert found and page.lead_image.alt_text == "Delegates around a table in Moscow"


def test_home_page_leads_with_picks_then_the_newest_and_never_repeats_a_story():
    now = timezone.now()
    desks = [SectionFactory(name=f"Desk {n}", slug=f"desk-{n}", position=n) for n in range(2)]
    stories = [
        ArticleFactory(section=desks[n % 2], published_at=now - timedelta(hours=n + 1))
        for n in range(30)
    ]
    FrontPageItem.objects.create(article=stories[20], position=0)
    FrontPageItem.objects.create(article=stories[25], position=1)
    retracted = ArticleFactory(status=Article.Status.UNPUBLISHED)
    FrontPageItem.objects.create(article=retracted, position=2)

    home = pages.home_page(now=now)

    assert home.lead.id == stories[20].pk
    assert [story.id for story in home.top_stories] == [stories[25].pk] + [
        story.pk for story in stories[:3]
    ]
    assert [story.id for story in home.latest] == [story.pk for story in stories[3:13]]
    shown = [home.lead, *home.top_stories, *home.latest]
    for section, headlines in home.sections:
        assert len(headlines) == pages.HOME_PER_SECTION
        desk = next(desk for desk in desks if desk.slug == section.slug)
        expected = [
            story.pk
            for story in stories
            if story.section == desk and story.pk not in {s.id for s in shown}
        ][: pages.HOME_PER_SECTION]
        assert [story.id for story in headlines] == expected
        shown += headlines
    assert len({story.id for story in shown}) == len(shown)
    assert retracted.pk not in {story.id for story in shown}
