"""Fixed query budgets, conditional GET and cache invalidation by data, not by signals."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpResponse
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

from articles.models import Article, Correction, FrontPageItem, PublicState
from newsroom.caching import (
    LONGEST_REMEMBERED_PATH,
    _resolves_to_public_page,
    content_state,
    is_public_page,
    public_page,
)
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_newsroom(db):
    """40 stories in 4 sections; the lead has 30 quotes, 10 topics, 3 authors and corrections."""
    sections = [SectionFactory(slug=f"desk-{n}") for n in range(4)]
    authors = AuthorFactory.create_batch(3)
    topics = [f"Busy topic {n}" for n in range(10)]
    stories = []
    for n in range(40):
        story = ArticleFactory(
            section=sections[n % 4], published_at=timezone.now() - timedelta(hours=n + 1)
        )
        story.authors.add(*authors)
        story.topics.add(*topics[n % 10 :], *topics[: n % 3])
        stories.append(story)
    lead = stories[0]
    organisation = OrganisationFactory()
    anonymous = AnonymousAttributionFactory(article=lead, organisation=organisation)
    for n in range(30):
        speaker = [
            {"source": SourceFactory(organisation=organisation)},
            {"source": None, "organisation": organisation},
            {"source": None, "anonymous": anonymous},
        ][n % 3]
        QuoteFactory(article=lead, paragraph=n, **speaker)
    for n in range(3):
        Correction.objects.create(article=lead, text=f"Correction {n}")
    for position, story in enumerate(stories[5:10]):
        FrontPageItem.objects.create(article=story, position=position)
    return lead


def listing_urls(lead):
    person = lead.quotes.filter(source__isnull=False).first().source
    organisation = lead.quotes.filter(organisation__isnull=False).first().organisation
    day = timezone.localtime(lead.published_at)
    # Measured with the page cache off; each budget holds whatever the number of stories, quotes
    # or topics, and includes the header's sections (read once per content version a worker).
    return {
        # A list: its owner, its stories with their sections, and their topics.
        "/sections/desk-0/": 5,
        "/topics/busy-topic-9/": 5,
        f"{lead.authors.first().get_absolute_url()}": 5,
        # Their quotes with speakers and stories, and the stories that name them.
        f"/people/{person.slug}/": 5,
        f"/organisations/{organisation.slug}/": 5,
        # An index: one letter's entries with their counts.
        "/people/": 3,
        "/organisations/": 3,
        "/topics/?letter=b": 3,
        "/sections/": 3,
        "/archive/": 3,
        f"/archive/{day:%Y}/": 7,
        f"/archive/{day:%Y}/{day:%m}/": 7,
        "/corrections/": 3,
        "/search/?q=story": 7,
        "/feeds/rss/": 4,
        "/feeds/atom/": 4,
        "/sections/desk-0/feed/": 5,
        "/topics/busy-topic-9/feed/": 5,
        "/sitemap.xml": 9,
        "/sitemap-articles.xml": 3,
        "/sitemap-news.xml": 3,
    }


@pytest.mark.parametrize(
    ("page_cache", "story_queries"), [(True, 3), (False, 2)], ids=["cache-cold", "cache-off"]
)
def test_article_and_home_pages_take_a_fixed_handful_of_queries(
    client, settings, busy_newsroom, django_assert_num_queries, page_cache, story_queries
):
    """A story: the story with its section, lead image, bylines, topics, quotes with their
    speakers, corrections, renditions, related stories and the content version in its own row
    (and the header's sections, once per content version); the page cache reads the version
    first, for its key. Home: the version, the picks and the newest stories (and, had they
    images, their renditions), the sections each with its newest stories not shown above, and
    the week's quote counts with its most quoted speakers."""
    settings.NEWSROOM_PAGE_CACHE = page_cache
    with django_assert_num_queries(story_queries):
        response = client.get(busy_newsroom.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="note"') == 1
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("page_cache", [True, False], ids=["cache-cold", "cache-off"])
def test_listing_pages_have_pinned_query_budgets(
    client, settings, busy_newsroom, django_assert_max_num_queries, page_cache
):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    for url, budget in listing_urls(busy_newsroom).items():
        with django_assert_max_num_queries(budget, info=url):
            assert client.get(url).status_code == 200, url


def test_a_cached_page_costs_one_query(client, busy_newsroom, django_assert_num_queries):
    client.get("/")
    client.get(busy_newsroom.get_absolute_url())
    with django_assert_num_queries(1):
        client.get("/")
    with django_assert_num_queries(1):
        client.get(busy_newsroom.get_absolute_url())


def test_unpublishing_removes_a_story_from_cached_pages_at_once(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    story = ArticleFactory(headline="Soon to be retracted")
    url = story.get_absolute_url()
    section_url = story.section.get_absolute_url()
    for page in ["/", url, section_url, "/feeds/rss/", "/sitemap-articles.xml"]:
        assert story.slug in client.get(page).content.decode()

    story.status = Article.Status.UNPUBLISHED
    story.save()

    assert client.get(url).status_code == 404
    for page in ["/", section_url, "/feeds/rss/", "/sitemap-articles.xml"]:
        assert story.slug not in client.get(page).content.decode(), page


def test_a_correction_reaches_the_cached_article_page(client):
    story = ArticleFactory()
    client.get(story.get_absolute_url())
    Correction.objects.create(article=story, text="A new correction note.")
    assert "A new correction note." in client.get(story.get_absolute_url()).content.decode()


def test_a_scheduled_story_appears_on_the_cached_home_page_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    ArticleFactory(headline="Scheduled for later", published_at=start + timedelta(hours=1))
    assert "Scheduled for later" not in client.get("/").content.decode()
    # Time passes without any write.
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=1, seconds=1))
    assert "Scheduled for later" in client.get("/").content.decode()


def test_an_embargoed_story_appears_on_the_cached_article_page_when_the_embargo_lifts(
    client, monkeypatch
):
    start = timezone.now()
    story = ArticleFactory(headline="Embargoed report", embargo_until=start + timedelta(hours=2))
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Embargoed report" not in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=2, seconds=1))
    assert client.get(story.get_absolute_url()).status_code == 200
    assert "Embargoed report" in client.get("/").content.decode()


def test_page_cache_off_renders_every_time(client, settings, django_assert_max_num_queries):
    settings.NEWSROOM_PAGE_CACHE = False
    ArticleFactory()
    client.get("/")
    with django_assert_max_num_queries(4) as context:
        client.get("/")
    assert len(context.captured_queries) > 1


@pytest.mark.parametrize("page_cache", [True, False], ids=["cache-on", "cache-off"])
def test_article_pages_answer_conditional_get(client, settings, page_cache):
    settings.NEWSROOM_PAGE_CACHE = page_cache
    story = ArticleFactory()
    first = client.get(story.get_absolute_url())
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert "must-revalidate" in first["Cache-Control"]
    url = story.get_absolute_url()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    story.headline = "A changed headline"
    story.save()
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "A changed headline" in second.content.decode()


def test_a_story_pages_validators_are_the_content_version(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response["ETag"] == content_state().etag


def test_a_story_page_crossing_a_boundary_moves_the_version_it_read(client, settings):
    """The version read in the story's own statement follows the same rule as the version's
    own read: past the next scheduled publication, the first request moves it."""
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    before = PublicState.objects.get().version
    PublicState.objects.update(next_boundary_at=timezone.now() - timedelta(seconds=1))
    response = client.get(story.get_absolute_url())
    assert PublicState.objects.get().version == before + 1
    assert response["ETag"] == content_state().etag


def test_a_story_page_makes_the_version_row_when_there_is_none(client, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    PublicState.objects.all().delete()
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response["ETag"] == content_state().etag


def test_a_page_that_should_read_the_version_and_did_not_is_refused(rf):
    """Reading it after the page could give an old page a newer ETag, which a client would
    keep until the next change."""
    view = public_page(lambda request: HttpResponse("a page"), reads_version=True)
    with pytest.raises(ImproperlyConfigured):
        view(rf.get("/"))


def test_a_story_page_answers_304_without_rendering_its_template(client, settings, monkeypatch):
    settings.NEWSROOM_PAGE_CACHE = False
    story = ArticleFactory()
    etag = client.get(story.get_absolute_url())["ETag"]
    rendered = []
    render = Jinja2Template.render
    monkeypatch.setattr(
        Jinja2Template, "render", lambda self, *a, **k: rendered.append(1) or render(self, *a, **k)
    )
    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert rendered == []
    assert client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert rendered == [1]


def test_a_new_release_does_not_serve_pages_cached_by_the_old_one(client, settings):
    ArticleFactory()
    settings.NEWSROOM_RELEASE = "old"
    client.get("/")
    settings.NEWSROOM_RELEASE = "new"
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    assert len(context.captured_queries) > 1


def test_a_page_cache_hit_is_answered_before_sessions_and_the_view(client, monkeypatch):
    """A hit never reaches the session, authentication or the view, and keeps every header."""
    from articles.views import ArticleDetailView

    story = ArticleFactory()
    url = story.get_absolute_url()
    miss = client.get(url)

    def refuse(*args, **kwargs):
        raise AssertionError("the view ran for a page-cache hit")

    monkeypatch.setattr(ArticleDetailView, "get", refuse)
    hit = client.get(url)

    assert hit.content == miss.content
    assert not hasattr(hit.wsgi_request, "session")
    # Nor the middleware that add a page's headers: they come kept with the page.
    assert not hasattr(hit.wsgi_request, "csp_nonce")
    assert hasattr(miss.wsgi_request, "csp_nonce")
    for header in [
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Vary",
        "Surrogate-Key",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Permissions-Policy",
    ]:
        assert hit[header] == miss[header], header
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=miss["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == miss["ETag"]
    assert "must-revalidate" in not_modified["Cache-Control"]


def test_a_reader_with_a_session_is_served_through_the_whole_stack(client):
    from django.contrib.auth import get_user_model

    story = ArticleFactory()
    client.get(story.get_absolute_url())
    client.force_login(get_user_model().objects.create(username="editor", is_staff=True))

    response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert hasattr(response.wsgi_request, "session")


def test_only_public_pages_are_looked_up_in_the_page_cache(client, monkeypatch):
    """The admin login page and unknown URLs never pay for a version read or a cache lookup."""
    from django.core.cache import cache

    looked_up = []
    original = cache.get

    def recording_get(key, *args, **kwargs):
        looked_up.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", recording_get)
    client.get("/admin/login/")
    client.get("/no-such-page/")
    client.get("/")
    assert [key for key in looked_up if key.startswith("page:")]  # the home page was
    looked_up.clear()
    client.get("/admin/login/")
    client.get("/no-such-page/")
    assert not [key for key in looked_up if key.startswith("page:")]


def test_whether_a_path_is_a_public_page_is_remembered_per_url_configuration(settings):
    assert is_public_page("/")
    assert is_public_page("/topics/ports/")
    assert not is_public_page("/admin/login/")
    assert not is_public_page("/no-such-page/")
    settings.ROOT_URLCONF = __name__  # where "/" is a plain view (urlpatterns below)
    assert not is_public_page("/")
    settings.ROOT_URLCONF = "newsroom.urls"
    assert is_public_page("/")


def test_a_long_path_is_answered_but_not_remembered():
    remembered = _resolves_to_public_page.cache_info().currsize
    long_search = "/search/" + "x" * LONGEST_REMEMBERED_PATH
    assert not is_public_page(long_search)  # no such page: the search's address has no path
    assert is_public_page("/topics/" + "p" * LONGEST_REMEMBERED_PATH + "/")
    assert _resolves_to_public_page.cache_info().currsize == remembered


urlpatterns = [path("", lambda request: HttpResponse("not a public page"))]


def test_a_worker_keeps_pages_in_front_of_the_shared_cache(client, settings, monkeypatch):
    """With Redis, each worker's memory answers first; a page another worker rendered comes from
    the shared cache once, then locally. Keys carry the content version, so neither goes stale."""
    from django.core.cache import caches

    from articles.views import ArticleDetailView

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": locmem, "LOCATION": "shared-in-this-test"},
        "local_pages": {"BACKEND": locmem, "LOCATION": "worker-in-this-test"},
    }
    story = ArticleFactory(headline="Rendered once")
    url = story.get_absolute_url()
    first = client.get(url)
    caches["local_pages"].clear()  # as if another worker answers next

    def refuse(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    monkeypatch.setattr(ArticleDetailView, "get", refuse)
    assert client.get(url).content == first.content  # from the shared cache
    caches["default"].clear()
    assert client.get(url).content == first.content  # now from the worker's own copy

    story.headline = "Changed"
    story.save()
    monkeypatch.undo()
    assert "Changed" in client.get(url).content.decode()


def test_lead_images_cost_a_page_one_query_for_all_their_renditions(client, settings):
    """The home page's figures read their images with the stories and every rendition in one
    more query, never a query per image or per field; a story's come in its own row."""
    settings.NEWSROOM_PAGE_CACHE = False
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=n + 1)) for n in range(4)]

    def queries(url: str) -> int:
        client.get(url)  # the header's sections, once per content version
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    more = {"/": 1, stories[0].get_absolute_url(): 0}
    without = {url: queries(url) for url in more}
    for story in stories:
        story.lead_image = make_image(alt_text=f"Picture {story.pk}")
        story.save()
    client.get("/")  # renditions a page lacks are made once, on first use
    client.get(stories[0].get_absolute_url())
    for url, count in without.items():
        assert queries(url) == count + more[url], url
    html = client.get("/").content.decode()
    assert all(f'alt="Picture {story.pk}"' in html for story in stories)
