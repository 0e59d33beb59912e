"""Editors choose and order the home page's lead and top stories in the admin."""

import pytest

from articles.models import FrontPageItem
from tests.factories import ArticleFactory, UserFactory, user_in

pytestmark = pytest.mark.django_db


def test_editor_can_add_and_reorder_front_page_stories(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))
    first, second = ArticleFactory(headline="First pick"), ArticleFactory(headline="Second pick")
    response = client.post(
        "/admin/articles/frontpageitem/add/", {"article": second.pk, "position": 0}
    )
    assert response.status_code == 302
    FrontPageItem.objects.create(article=first, position=1)

    changelist = client.get("/admin/articles/frontpageitem/")
    assert changelist.status_code == 200
    assert "Second pick" in changelist.content.decode()
    client.logout()
    home = client.get("/").content.decode()
    assert home.index("Second pick") < home.index("First pick")


def test_an_editor_arranges_the_front_page(client):
    client.force_login(user_in("Editor", "desk-editor"))
    lead, top = ArticleFactory(headline="Lead pick"), ArticleFactory(headline="Top pick")
    item = FrontPageItem.objects.create(article=top, position=0)

    assert client.get("/admin/").content.decode().count("/admin/articles/frontpageitem/") >= 1
    added = client.post("/admin/articles/frontpageitem/add/", {"article": lead.pk, "position": 0})
    moved = client.post(
        f"/admin/articles/frontpageitem/{item.pk}/change/", {"article": top.pk, "position": 1}
    )

    assert (added.status_code, moved.status_code) == (302, 302)
    assert list(FrontPageItem.objects.values_list("article__headline", "position")) == [
        ("Lead pick", 0),
        ("Top pick", 1),
    ]
    client.logout()
    home = client.get("/").content.decode()
    assert home.index("Lead pick") < home.index("Top pick")


def test_a_journalist_cannot_arrange_the_front_page(client):
    story = ArticleFactory(headline="Own pick")
    item = FrontPageItem.objects.create(article=ArticleFactory(), position=0)
    client.force_login(user_in("Journalist", "reporter"))

    assert client.get("/admin/articles/frontpageitem/").status_code == 403
    assert (
        client.post(
            "/admin/articles/frontpageitem/add/", {"article": story.pk, "position": 0}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/admin/articles/frontpageitem/{item.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert "/admin/articles/frontpageitem/" not in client.get("/admin/").content.decode()
    assert list(FrontPageItem.objects.values_list("pk", flat=True)) == [item.pk]
