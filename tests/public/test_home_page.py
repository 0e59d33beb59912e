"""The home page is a front page: lead, top stories, latest, sections and who is speaking."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.front_page import HOME_PER_SECTION
from articles.models import Article, FrontPageItem
from articles.views import HomeView
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SectionFactory,
    SourceFactory,
    make_image,
)

pytestmark = pytest.mark.django_db


def home_context(rf) -> dict:
    view = HomeView()
    view.setup(rf.get("/"))
    return view.get_context_data()


def test_home_page_leads_with_picks_then_the_newest_and_never_repeats_a_story(rf):
    now = timezone.now()
    desks = [SectionFactory(name=f"Desk {n}", slug=f"desk-{n}", position=n) for n in range(2)]
    SectionFactory(name="Desk without stories", slug="desk-without-stories", position=1)
    stories = [
        ArticleFactory(section=desks[n % 2], published_at=now - timedelta(hours=n + 1))
        for n in range(30)
    ]
    FrontPageItem.objects.create(article=stories[20], position=0)
    FrontPageItem.objects.create(article=stories[25], position=1)
    retracted = ArticleFactory(status=Article.Status.UNPUBLISHED)
    FrontPageItem.objects.create(article=retracted, position=2)

    context = home_context(rf)

    assert context["lead"] == stories[20]
    assert context["top_stories"] == [stories[25], *stories[:3]]
    assert context["latest"] == stories[3:13]
    shown = [context["lead"], *context["top_stories"], *context["latest"]]
    assert [section for section, _ in context["sections"]] == desks
    for section, headlines in context["sections"]:
        expected = [story for story in stories if story.section == section and story not in shown][
            :HOME_PER_SECTION
        ]
        assert headlines == expected
        shown += headlines
    assert len({story.pk for story in shown}) == len(shown)
    assert retracted not in shown


def test_the_lead_story_and_top_stories_show_their_images_with_caption_and_credit(client):
    lead = ArticleFactory(
        headline="The lead",
        lead_image=make_image(alt_text="A harbour", caption="Karachi port.", credit="Ali Raza"),
    )
    ArticleFactory(
        headline="A top story",
        published_at=lead.published_at - timedelta(hours=1),
        lead_image=make_image(alt_text="A bus", caption="", credit="Sara Khan"),
    )
    html = client.get("/").content.decode()

    lead_html = html[html.index('class="lead-story"') : html.index('class="top-stories"')]
    assert (
        "<figure" in lead_html and "<picture>" in lead_html and 'fetchpriority="high"' in lead_html
    )
    assert "Karachi port." in lead_html and "Photo: Ali Raza" in lead_html
    top_html = html[html.index('class="top-stories"') :]
    assert 'alt="A bus"' in top_html and "Photo: Sara Khan" in top_html


def test_who_is_speaking_counts_the_weeks_on_record_speakers_and_only_counts_anonymous_ones(
    client, rf
):
    now = timezone.now()
    week_old = ArticleFactory(published_at=now - timedelta(days=8))
    story = ArticleFactory(published_at=now - timedelta(hours=1))
    other = ArticleFactory(published_at=now - timedelta(days=2))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    minister = SourceFactory(name="Hina Rabbani", honorific="Ms")
    ministry = OrganisationFactory(name="Ministry of Finance")
    confidential = SourceFactory(name="Secret Insider")
    anonymous = AnonymousAttributionFactory(
        article=story, description="A senior banker", identity=confidential
    )
    QuoteFactory(article=story, paragraph=0, source=minister)
    QuoteFactory(article=other, paragraph=0, source=minister)
    QuoteFactory(article=story, paragraph=1, source=None, organisation=ministry)
    QuoteFactory(article=story, paragraph=2, source=None, anonymous=anonymous)
    QuoteFactory(article=week_old, paragraph=0, source=SourceFactory(name="Last Week"))
    QuoteFactory(article=draft, paragraph=0, source=SourceFactory(name="In A Draft"))

    html = client.get("/").content.decode()
    module = html[html.index('class="who-is-speaking"') :]
    module = module[: module.index("</aside>")]

    assert home_context(rf)["speaking"]["speakers"] == [
        ("Ms Hina Rabbani", minister.get_absolute_url(), 2),
        ("Ministry of Finance", ministry.get_absolute_url(), 1),
    ]
    assert f'href="{minister.get_absolute_url()}"' in module
    assert "25%" in module and "4 quotes" in module
    for hidden in ("Secret Insider", "A senior banker", "Last Week", "In A Draft"):
        assert hidden not in module


def test_the_islamabad_story_stays_on_the_demo_home_page(client, demo_newsroom):
    islamabad = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    html = client.get("/").content.decode()
    assert f'href="{islamabad.get_absolute_url()}"' in html
    assert "Who is speaking" in html
