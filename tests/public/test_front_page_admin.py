"""Editors choose and order the home page's lead and top stories in the admin."""

import pytest
from django.db import connection

from articles.models import Article, FrontPageItem
from articles.search import article_search_vector, search_articles
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_search_vector_matches_the_gin_index_expression():
    """If search.py and the migration drift apart, PostgreSQL silently stops using the index."""
    from django.contrib.postgres.search import SearchQuery  # noqa: PLC0415

    ArticleFactory(headline="Cotton exporters worried")
    matches = Article.objects.annotate(search=article_search_vector()).filter(
        search=SearchQuery("cotton", search_type="websearch", config="english")
    )
    with connection.cursor() as cursor:
        # Only a bitmap scan over the search expression can answer without a sequential scan.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        plan = matches.order_by().explain()
        cursor.execute("SET enable_seqscan = on")
        cursor.execute("SET enable_indexscan = on")
    assert "article_search_vector_gin" in plan
    assert [article.headline for article in search_articles("cotton")] == [
        "Cotton exporters worried"
    ]
