"""The story page reads model instances: what it shows is what the models say, and only that."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction
from articles.story_page import read
from newsroom.publication import PUBLISHED
from sources.models import Quote
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    AuthorFactory,
    OrganisationFactory,
    QuoteFactory,
    SectionFactory,
    SourceFactory,
    make_image,
)
from tests.public.conftest import ISLAMABAD_URL

pytestmark = pytest.mark.django_db
ISLAMABAD_SLUG = "washington-uneasy-as-pakistan-and-russia-draw-closer"


def story_page(slug, *, now=None):
    return read(slug=slug, now=now or timezone.now())


def speakers_by_the_models(article):
    """Each speaker in order of first appearance, named by ``Quote.attribution()``."""
    speakers = {}
    for quote in Quote.objects.filter(article=article).with_speakers().in_story_order():
        key = (quote.source_id, quote.organisation_id, quote.anonymous_id)
        name, url, count = speakers.get(key, (quote.attribution(), quote.speaker_url(), 0))
        speakers[key] = (name, url, count + 1)
    return list(speakers.values())


def test_the_publication_rule_names_its_status_as_the_model_does():
    assert PUBLISHED == Article.Status.PUBLISHED


def test_the_islamabad_story_names_its_speakers_as_the_models_do(
    client, demo_newsroom, django_assert_num_queries
):
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    story = story_page(ISLAMABAD_SLUG)

    with django_assert_num_queries(0):
        speakers = [(q.attribution(), q.speaker_url(), n) for q, n in story.speakers()]
    assert speakers == speakers_by_the_models(article)
    assert sum(count for _, _, count in speakers) == 21
    assert "A senior official at the foreign ministry" in {
        name for name, url, _ in speakers if url is None
    }
    html = client.get(ISLAMABAD_URL).content.decode()
    assert "A senior official at the foreign ministry" in html
    assert "Demo Confidential Person" not in html


def test_quotes_on_a_story_page_never_load_an_anonymous_sources_identity(demo_newsroom):
    story = story_page(ISLAMABAD_SLUG)
    anonymous = [quote.anonymous for quote in story.public_quotes if quote.is_anonymous]
    assert anonymous
    for attribution in anonymous:
        assert attribution.get_deferred_fields() >= {"identity_id", "reason"}
        assert "identity" not in attribution._state.fields_cache


def test_a_story_page_has_its_own_lists_and_nothing_unpublished(client):
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

    page = story_page(story.slug, now=now)

    assert page.section == section
    assert [author.name for author in page.bylines] == ["Ali Khan", "Zara Qureshi"]
    assert [topic.name for topic in page.topics_by_name()] == ["Ports", "Trade"]
    assert [(quote.attribution(), count) for quote, count in page.speakers()] == [
        ("Huma Baqai", 1),
        ("Ministry of Commerce", 2),
        ("A trade official", 1),
    ]
    assert [correction.text for correction in page.public_corrections] == ["Fixed a figure."]
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Fixed a figure." in html and "Not yet." not in html
    assert "Ali Khan</a>, <a" in html and "Agencies" in html


def test_a_story_readers_may_not_see_has_no_page():
    now = timezone.now()
    assert story_page(ArticleFactory(status=Article.Status.DRAFT).slug) is None
    assert story_page(ArticleFactory(published_at=now + timedelta(hours=1)).slug) is None
    embargoed = ArticleFactory(embargo_until=now + timedelta(hours=1))
    assert story_page(embargoed.slug, now=now) is None
    assert story_page(embargoed.slug, now=now + timedelta(hours=2)) is not None


def test_the_updated_time_shown_is_never_before_the_publish_time(client):
    story = ArticleFactory()
    assert story.public_updated == story.published_at
    story.public_updated_at = story.published_at - timedelta(days=1)
    assert story.public_updated == story.published_at
    story.public_updated_at = story.published_at + timedelta(hours=3)
    story.save()
    assert story.public_updated == story.public_updated_at
    html = client.get(story.get_absolute_url()).content.decode()
    assert "· Updated <time" in html


def test_related_stories_are_public_and_ranked_by_shared_topics(client):
    now = timezone.now()
    story = ArticleFactory()
    story.topics.add("Ports", "Trade")
    both = ArticleFactory(headline="Shares both", published_at=now - timedelta(days=3))
    both.topics.add("Ports", "Trade")
    one = ArticleFactory(headline="Shares one", published_at=now - timedelta(days=1))
    one.topics.add("Ports")
    draft = ArticleFactory(headline="Draft on ports", status=Article.Status.DRAFT)
    draft.topics.add("Ports", "Trade")

    page = story_page(story.slug)
    assert page.related_stories == [both, one]
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index("Shares both") < html.index("Shares one")
    assert "Draft on ports" not in html


def test_the_lead_image_stays_inside_the_article_as_a_figure(client):
    image = make_image(alt_text="Delegates in Moscow", caption="The talks.", credit="Jane Doe")
    story = ArticleFactory(lead_image=image)
    html = client.get(story.get_absolute_url()).content.decode()

    article = html[html.index('<article class="story">') : html.index("</article>")]
    assert '<figure class="figure">' in article and "<picture>" in article
    assert "The talks." in article and "Photo: Jane Doe" in article


def test_the_compiled_read_holds_what_the_models_hold(demo_newsroom):
    """``story_page.read()`` runs SQL compiled once: each value it loads is the model's own,
    for the story, its section and lead image, bylines, topics, quotes and corrections."""
    article = Article.objects.get(slug=ISLAMABAD_SLUG)
    page = story_page(ISLAMABAD_SLUG)

    for name in ("headline", "dek", "dateline", "body", "published_at", "public_updated_at"):
        assert getattr(page, name) == getattr(article, name), name
    assert page.section == article.section and page.section.name == article.section.name
    assert page.get_absolute_url() == article.get_absolute_url()
    assert page.bylines == list(article.authors.order_by("name", "pk"))
    assert [t.name for t in page.topics_by_name()] == sorted(t.name for t in article.topics.all())
    quotes = list(Quote.objects.filter(article=article).in_story_order())
    assert page.public_quotes == quotes
    assert [(q.text, q.is_direct) for q in page.public_quotes] == [
        (q.text, q.is_direct) for q in quotes
    ]
    assert page.public_corrections == list(article.corrections.made_public())


def test_a_preview_reads_any_story_by_its_id(demo_newsroom):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.authors.add(AuthorFactory(name="Ali Khan"))
    assert story_page(draft.slug) is None
    page = read(pk=draft.pk, now=timezone.now())
    assert page == draft and [author.name for author in page.bylines] == ["Ali Khan"]
    assert read(pk=0, now=timezone.now()) is None
