"""The index pages: /people/, /organisations/, /topics/ and /sections/ list only what is public,
alphabetically a letter at a time, with counts of public quotes and stories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Topic
from newsroom.expressions import CappedCount
from sources.models import Mention, Source
from sources.views import PersonListView
from tests.factories import (
    AnonymousAttributionFactory,
    ArticleFactory,
    OrganisationFactory,
    QuoteFactory,
    SectionFactory,
    SourceFactory,
    story_in_state,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_stories(db):
    """A draft, a scheduled and an embargoed story, reached through the workflow."""
    now = timezone.now()
    return [
        story_in_state("draft"),
        story_in_state("scheduled", published_at=now + timedelta(days=1)),
        story_in_state(
            "embargoed",
            published_at=now - timedelta(hours=1),
            embargo_until=now + timedelta(days=1),
        ),
    ]


def test_people_index_lists_those_quoted_or_named_in_public_stories_with_counts(
    client, hidden_stories
):
    story = ArticleFactory()
    quoted = SourceFactory(name="Bashir Ahmed", slug="bashir-ahmed", title="Economist")
    QuoteFactory.create_batch(2, article=story, source=quoted)
    named = SourceFactory(name="Bano Qudsia", slug="bano-qudsia")
    Mention.objects.create(article=story, source=named)
    hidden = SourceFactory(name="Babar Hidden", slug="babar-hidden")
    for other in hidden_stories:
        QuoteFactory(article=other, source=hidden)
        QuoteFactory(article=other, source=quoted)  # not counted
    identity = SourceFactory(name="Bilal Confidential", slug="bilal-confidential")
    AnonymousAttributionFactory(article=story, identity=identity, description="A banker")

    html = client.get("/people/?letter=b").content.decode()

    assert "Babar Hidden" not in html
    assert "Bilal Confidential" not in html and "A banker" not in html
    assert html.index("Bano Qudsia") < html.index("Bashir Ahmed")  # alphabetical
    assert "Bashir Ahmed</a>, Economist" in html
    assert "2 quotes" in html
    assert "named in 1 story" in html
    assert 'aria-current="page">B<' in html


def test_people_index_goes_a_letter_at_a_time_and_pages_within_a_letter(client, monkeypatch):
    story = ArticleFactory()
    for name in ["Adil Khan", "Amna Ali", "Asad Umar", "Zara Noor"]:
        QuoteFactory(
            article=story, source=SourceFactory(name=name, slug=name.lower().replace(" ", "-"))
        )
    QuoteFactory(article=story, source=SourceFactory(name="7th Man", slug="7th-man"))
    monkeypatch.setattr(PersonListView, "paginate_by", 2)

    first = client.get("/people/").content.decode()  # A unless asked
    assert "Adil Khan" in first and "Amna Ali" in first
    assert "Asad Umar" not in first and "Zara Noor" not in first
    assert 'href="?letter=a&amp;page=2"' in first
    assert '<link rel="canonical" href="http://testserver/people/?letter=a">' in first
    second = client.get("/people/?letter=a&page=2").content.decode()
    assert "Asad Umar" in second and "Adil Khan" not in second
    assert '<link rel="canonical" href="http://testserver/people/?letter=a&amp;page=2">' in second
    assert client.get("/people/?letter=a&page=3").status_code == 404
    assert "Zara Noor" in client.get("/people/?letter=z").content.decode()
    assert "7th Man" in client.get("/people/?letter=0-9").content.decode()
    for letter in ["A", "ab", "%", "é"]:
        assert client.get("/people/", {"letter": letter}).status_code == 404


def test_organisations_index_lists_public_organisations_with_their_statements(
    client, hidden_stories
):
    story = ArticleFactory()
    ministry = OrganisationFactory(name="Finance Ministry", slug="finance-ministry")
    QuoteFactory(article=story, source=None, organisation=ministry)
    QuoteFactory.create_batch(3, article=story, source=SourceFactory(organisation=ministry))
    named = OrganisationFactory(name="Federal Board", slug="federal-board")
    Mention.objects.create(article=story, organisation=named)
    hidden = OrganisationFactory(name="Forestry Hidden", slug="forestry-hidden")
    for other in hidden_stories:
        QuoteFactory(article=other, source=None, organisation=hidden)
        QuoteFactory(article=other, source=None, organisation=ministry)

    html = client.get("/organisations/?letter=f").content.decode()

    assert "Forestry Hidden" not in html
    assert html.index("Federal Board") < html.index("Finance Ministry")
    assert '"/organisations/finance-ministry/">Finance Ministry</a>' in html
    assert "1 statement" in html
    board = html[html.index("Federal Board</a>") :]
    assert "statement" not in board[: board.index("</li>")]  # named, never speaking


def test_topics_index_counts_only_public_stories(client, hidden_stories):
    for story in [ArticleFactory(), ArticleFactory(), *hidden_stories]:
        story.topics.add("Port trade")
    for story in hidden_stories:
        story.topics.add("Pension secrets")

    html = client.get("/topics/?letter=p").content.decode()

    assert "Pension secrets" not in html
    assert (
        '<a href="/topics/port-trade/">Port trade</a> <span class="meta">2 stories</span>' in html
    )


def test_sections_index_lists_sections_with_public_stories_in_desk_order(client, hidden_stories):
    sport = SectionFactory(name="Sport", slug="sport", position=2)
    business = SectionFactory(name="Business", slug="business", position=1)
    ArticleFactory(section=sport)
    ArticleFactory.create_batch(2, section=business)
    empty = SectionFactory(name="Opinion", slug="opinion", position=0)
    for story in hidden_stories:
        story.section = empty
        story.save(update_fields=["section"])

    html = client.get("/sections/").content.decode()
    html = html[html.index("<main") :]  # the header lists every section

    assert "/sections/opinion/" not in html
    assert html.index("/sections/business/") < html.index("/sections/sport/")
    assert 'Business</a> <span class="meta">2 stories</span>' in html
    assert 'Sport</a> <span class="meta">1 story</span>' in html


def test_a_count_stops_at_its_cap():
    """Counting a big topic's every story on each request would read most of the archive."""
    topic = Topic.objects.create(name="Everything", slug="everything")
    for _ in range(5):
        ArticleFactory().topics.add(topic)
    stories = Article.objects.published().filter(topics=topic)
    for cap, expected in [(3, 3), (5, 5), (10, 5)]:
        counted = Topic.objects.annotate(n=CappedCount(stories, cap=cap)).get(pk=topic.pk)
        assert counted.n == expected


def test_the_site_footer_links_to_every_index(client, db):
    html = client.get("/").content.decode()
    for url in ["/sections/", "/topics/", "/people/", "/organisations/"]:
        assert f'href="{url}"' in html


def test_the_people_index_lists_exactly_the_public_people(hidden_stories):
    story = ArticleFactory()
    QuoteFactory(article=story)
    Mention.objects.create(article=story, source=SourceFactory())
    for other in hidden_stories:
        QuoteFactory(article=other)
        Mention.objects.create(article=other, source=SourceFactory())
    AnonymousAttributionFactory(article=story, identity=SourceFactory())

    assert set(Source.objects.for_index()) == set(Source.objects.public())
    assert Source.objects.public().count() == 2
