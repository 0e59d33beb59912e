"""What a newsroom notices in its first week of the back office: the story list's columns, topic
duplicates, the admin home, what a preview says of a story not yet published, scheduled times."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Topic
from tests.factories import ArticleFactory, TopicFactory, story_in_state, user_in

pytestmark = pytest.mark.django_db
ADMIN = "/admin/articles/article/"


@pytest.fixture
def editor(client):
    user = user_in("Editor", "desk-editor")
    client.force_login(user)
    return user


def test_story_list_truncates_long_headlines_keeping_them_whole_in_the_title(client, editor):
    headline = "Pakistan and Russia " + "draw ever closer as Washington watches " * 4
    ArticleFactory(headline=headline.strip())
    page = client.get(ADMIN).content.decode()
    cell = re.search(r'<span class="story-headline" title="([^"]*)">([^<]*)</span>', page)
    assert cell[1] == headline.strip()
    assert len(cell[2]) <= 90 and cell[2].endswith("…")
    assert "/static/articles/story-admin.css" in page
    headers = re.findall(r'<th scope="col" class="([^"]*)"', page)
    assert len(headers) == 7  # the checkbox and six columns
    assert "column-embargo" not in page


def test_story_list_shows_an_embargo_with_the_status(client, editor):
    until = timezone.now() + timedelta(days=2)
    ArticleFactory(embargo_until=until)
    page = client.get(ADMIN).content.decode()
    assert re.search(r"Published, embargoed<br>.*<br><strong[^>]*>⛔ until", page)


def test_topic_differing_only_in_capitals_is_refused_with_a_clear_message(client, editor):
    TopicFactory(name="China", slug="china")
    response = client.post(
        "/admin/articles/topic/add/", {"name": "CHINA", "slug": "china-2", "description": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is already a topic “China”" in page
    assert "topic_name_case_insensitive_unique" not in page
    assert Topic.objects.count() == 1


def test_renaming_a_topic_to_its_own_name_in_other_capitals_is_allowed(client, editor):
    topic = TopicFactory(name="china", slug="china")
    response = client.post(
        f"/admin/articles/topic/{topic.pk}/change/",
        {"name": "China", "slug": "china", "description": ""},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "China"


def test_admin_home_lists_topics_once(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "/admin/articles/topic/" in page
    assert "/admin/taggit/" not in page and ">Tags<" not in page


@pytest.mark.parametrize(
    ("state", "says"),
    [
        ("draft", "Draft: not yet published."),
        ("in_review", "In review: not yet published."),
        ("approved", "Approved: not yet published."),
    ],
)
def test_preview_of_a_story_not_yet_published_says_so(client, editor, state, says):
    story = story_in_state(state)
    page = client.get(f"{ADMIN}{story.pk}/preview/").content.decode()
    meta = re.search(r'<p class="meta">(.*?)</p>', page, re.S)[1]
    assert says in meta
    assert "Published" not in meta


def test_preview_of_a_scheduled_story_gives_its_go_live_time(client, editor):
    at = timezone.now() + timedelta(days=3)
    story = story_in_state("scheduled", published_at=at)
    page = client.get(f"{ADMIN}{story.pk}/preview/").content.decode()
    meta = re.search(r'<p class="meta">(.*?)</p>', page, re.S)[1]
    assert "Not yet published: scheduled for" in meta
    assert timezone.localtime(at).strftime("%H:%M") in meta


def test_preview_of_a_public_story_keeps_its_publish_time(client, editor):
    story = ArticleFactory()
    page = client.get(f"{ADMIN}{story.pk}/preview/").content.decode()
    assert re.search(r'<p class="meta">\s*Published <time', page)


def test_dashboard_shows_when_a_scheduled_story_goes_live(client, editor):
    at = timezone.now() + timedelta(days=3)
    story = story_in_state("scheduled", published_at=at)
    Article.objects.filter(pk=story.pk).update(modified_at=timezone.now() - timedelta(days=9))
    page = client.get("/admin/").content.decode()
    row = re.search(rf"{re.escape(story.headline)}</a></td>.*?</tr>", page, re.S)[0]
    assert f"Goes live {timezone.localtime(at).strftime('%-d %b %H:%M')}" in row
