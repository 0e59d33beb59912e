"""Every public page type renders, paginates and orders as readers expect."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, FrontPageItem
from tests.factories import ArticleFactory, QuoteFactory, SectionFactory, SourceFactory
from tests.public.conftest import DEMO_PAGES, ISLAMABAD_URL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", DEMO_PAGES)
def test_every_page_type_renders_with_feed_discovery(client, demo_newsroom, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_article_page_shows_dates_byline_corrections_and_canonical(client, demo_newsroom):
    article = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    article.public_updated_at = article.published_at + timedelta(days=1)
    article.save()
    Correction.objects.create(article=article, text="An earlier version misspelt a name.")
    html = client.get(ISLAMABAD_URL).content.decode()

    assert '<link rel="canonical" href="http://testserver' + ISLAMABAD_URL + '">' in html
    assert '<time datetime="2016-12-26T08:30:00+05:00">' in html
    assert html.count("<time datetime=") >= 2
    assert 'href="/authors/sana-malik/" rel="author"' in html
    assert "An earlier version misspelt a name." in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="twitter:card"' in html


def test_article_page_lists_related_stories_by_shared_topics(client):
    story = ArticleFactory()
    story.topics.add("Ports", "Trade")
    both = ArticleFactory(headline="Shares both topics")
    both.topics.add("Ports", "Trade")
    one = ArticleFactory(headline="Shares one topic", published_at=timezone.now())
    one.topics.add("Ports")
    hidden = ArticleFactory(headline="Hidden draft on ports", status=Article.Status.DRAFT)
    hidden.topics.add("Ports")
    ArticleFactory(headline="Unrelated story")

    html = client.get(story.get_absolute_url()).content.decode()

    related = html[html.index("Related stories") :]
    assert related.index("Shares both topics") < related.index("Shares one topic")
    assert "Hidden draft on ports" not in html
    assert "Unrelated story" not in related


def test_home_page_leads_with_the_editors_choice_then_falls_back_to_latest(client):
    older = ArticleFactory(headline="Chosen lead", published_at=timezone.now() - timedelta(days=5))
    newest = ArticleFactory(headline="Newest story", published_at=timezone.now())
    FrontPageItem.objects.create(article=older, position=0)

    html = client.get("/").content.decode()
    assert html.index("Chosen lead") < html.index("Newest story")
    assert html.count('class="teaser teaser-lead"') == 1

    older.status = Article.Status.UNPUBLISHED
    older.save()
    html = client.get("/").content.decode()
    assert "Chosen lead" not in html
    lead = html[html.index("lead-story") :]
    assert lead.index(newest.headline) < lead.index("</section>")


def test_home_page_groups_stories_by_section(client):
    for number in range(3):
        ArticleFactory(
            headline=f"Sport story {number}",
            section=SectionFactory(slug="sport", name="Sport"),
            published_at=timezone.now() - timedelta(days=30 + number),
        )
    for _ in range(16):
        ArticleFactory(section=SectionFactory(slug="news", name="News"))
    html = client.get("/").content.decode()
    assert 'id="section-sport"' in html
    assert "Sport story 0" in html


def test_section_pages_paginate_and_a_page_past_the_end_is_404(client):
    section = SectionFactory(slug="long")
    ArticleFactory.create_batch(25, section=section)
    assert client.get("/sections/long/?page=2").status_code == 200
    assert client.get("/sections/long/?page=3").status_code == 404
    # Lists never count their stories, so there is no "last" page to ask for (it was a 500 on
    # topic and person pages, which cannot count).
    assert client.get("/sections/long/?page=last").status_code == 404
    assert client.get("/sections/long/?page=nonsense").status_code == 404


def test_person_page_paginates_quotes_newest_first(client):
    person = SourceFactory(slug="talkative")
    for days in range(25):
        story = ArticleFactory(
            headline=f"Talk {days:02d}", published_at=timezone.now() - timedelta(days=days + 1)
        )
        QuoteFactory(article=story, source=person, text=f"Said on day {days:02d}", paragraph=0)
    first = client.get("/people/talkative/").content.decode()
    assert first.index("Said on day 00") < first.index("Said on day 01")
    assert "Said on day 24" not in first
    assert "Said on day 24" in client.get("/people/talkative/?page=2").content.decode()
    assert client.get("/people/talkative/?page=3").status_code == 404


def test_date_archive_lists_only_the_month_asked_for(client):
    ArticleFactory(
        headline="March story", published_at=timezone.now().replace(year=2020, month=3, day=10)
    )
    ArticleFactory(
        headline="April story", published_at=timezone.now().replace(year=2020, month=4, day=10)
    )
    assert "March 2020" in client.get("/archive/").content.decode()
    march = client.get("/archive/2020/03/").content.decode()
    assert "March story" in march and "April story" not in march
    year = client.get("/archive/2020/").content.decode()
    assert "March story" in year and "April story" in year
    assert client.get("/archive/2019/").status_code == 404
    assert client.get("/archive/2020/05/").status_code == 404


def test_corrections_page_lists_published_corrections_newest_first(client):
    story = ArticleFactory(headline="Corrected story")
    Correction.objects.create(
        article=story, text="Older note", published_at=timezone.now() - timedelta(days=2)
    )
    Correction.objects.create(article=story, text="Newer note")
    Correction.objects.create(
        article=story, text="Future note", published_at=timezone.now() + timedelta(days=2)
    )
    html = client.get("/corrections/").content.decode()
    assert html.index("Newer note") < html.index("Older note")
    assert "Future note" not in html
    assert story.get_absolute_url() in html


def test_robots_txt_names_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_not_found_page_uses_the_site_design(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html


def test_server_error_page_needs_no_context(client, db):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b'<html lang="en">' in response.content


def test_gone_template_shows_the_retraction_note(rf, db):
    from django.template.loader import render_to_string

    article = ArticleFactory(retraction_note="We withdrew this story because a source recanted.")
    html = render_to_string("410.html", {"article": article}, request=rf.get("/"))
    assert "We withdrew this story because a source recanted." in html
    assert article.body not in html


def test_canonical_url_ignores_tracking_parameters_but_keeps_the_page(client):
    section = SectionFactory(slug="paged")
    ArticleFactory.create_batch(21, section=section)
    first = client.get("/sections/paged/?utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/sections/paged/">' in first
    second = client.get("/sections/paged/?page=2&utm_source=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/sections/paged/?page=2">' in second
    search = client.get("/search/", {"q": "x" * 10_000}).content.decode()
    assert '<link rel="canonical" href="http://testserver/search/">' in search
    assert "x" * 201 not in search


def test_lists_page_by_newer_and_older_links_without_counting(client):
    section = SectionFactory(slug="long-desk")
    for n in range(45):
        ArticleFactory(section=section, published_at=timezone.now() - timedelta(hours=n))
    url = section.get_absolute_url()
    first = client.get(url).content.decode()
    assert "Page 1" in first and 'rel="next"' in first and 'rel="prev"' not in first
    with CaptureQueriesContext(connection) as queries:
        middle = client.get(url, {"page": 2}).content.decode()
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    assert 'rel="next"' in middle and 'rel="prev"' in middle
    last = client.get(url, {"page": 3}).content.decode()
    assert 'rel="next"' not in last and "Page 3" in last
    assert client.get(url, {"page": 4}).status_code == 404
    assert client.get(url, {"page": "x"}).status_code == 404


def test_a_renamed_section_shows_in_every_header_at_once(client):
    story = ArticleFactory()
    assert f">{story.section.name}</a></li>" in client.get("/").content.decode()
    story.section.name = "Renamed desk"
    story.section.save()
    for page in ["/", story.get_absolute_url()]:
        assert ">Renamed desk</a></li>" in client.get(page).content.decode(), page


def test_list_teasers_show_their_topics_alphabetically(client):
    story = ArticleFactory(section=SectionFactory(slug="desk"))
    story.topics.add("Zinc mines", "Aluminium smelters")
    html = client.get("/sections/desk/").content.decode()
    assert html.index(">Aluminium smelters</a>") < html.index(">Zinc mines</a>")
