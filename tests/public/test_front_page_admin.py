"""Editors choose and order the home page's lead and top stories in the admin."""

import pytest

from articles.models import FrontPageItem
from tests.factories import ArticleFactory, UserFactory

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
