"""No draft, embargoed or unpublished story and no confidential identity on any API address.

Every address the API offers over the demo newsroom is read, every list to its last page and
every list filtered by every slug there is (the confidential person's included), and every
story id, hidden ones included; then the demo's hidden strings are searched for in every form
(``tests.security.conftest.find_leaks``). A retracted story may show its own address and the
public retraction notice, nothing else of it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Section, Topic
from sources.models import Organisation, Source
from sources.querysets import STAFF_ONLY_SOURCE_FIELDS
from tests.api.conftest import every_page
from tests.security.conftest import find_leaks, hidden_story_secrets, identity_secrets

pytestmark = pytest.mark.django_db


def api_addresses() -> list[str]:
    slugs = {
        "topic": Topic.objects.values_list("slug", flat=True),
        "section": Section.objects.values_list("slug", flat=True),
        "person": Source.objects.values_list("slug", flat=True),
        "organisation": Organisation.objects.values_list("slug", flat=True),
    }
    lists = ["/api/v1/stories/?limit=1", "/api/v1/quotes/?limit=3"]
    for name, values in slugs.items():
        lists += [f"/api/v1/stories/?{name}={slug}" for slug in values]
    for slug in [*slugs["person"], *slugs["organisation"]]:
        lists.append(f"/api/v1/quotes/?speaker={slug}")
    lists += [f"/api/v1/quotes/?topic={slug}" for slug in slugs["topic"]]
    ids = list(Article.objects.values_list("pk", flat=True))
    lists += [f"/api/v1/quotes/?story={pk}" for pk in ids]
    return lists, [f"/api/v1/stories/{pk}/" for pk in ids]


def test_no_api_address_shows_a_hidden_story_or_an_identity(client, demo_newsroom):
    story_secrets, hidden = hidden_story_secrets()
    secrets = {**story_secrets, **identity_secrets()}
    retracted = {article.pk: article for article in Article.objects.retracted()}
    assert retracted
    lists, items = api_addresses()
    bodies = {}
    for url in lists:
        for number, item in enumerate(every_page(client, url)):
            bodies[f"{url} item {number}"] = (item, str(item))
    served = {}
    for url in items:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        bodies[url] = (response.json(), response.content.decode())
        served[url] = response.status_code
    leaks = {}
    for where, (item, text) in bodies.items():
        # A canceled item names its own address, where the slug is.
        allowed = {f"{article.slug}: slug" for article in retracted.values()}
        if item.get("pubstatus") == "canceled":
            assert set(item) <= {
                "uri",
                "type",
                "version",
                "firstcreated",
                "versioncreated",
                "renditions",
                "pubstatus",
                "ednote",
            }
        found = [label for label in find_leaks(text, secrets) if label not in allowed]
        if found:
            leaks[where] = found
    assert leaks == {}
    public = set(Article.objects.published().values_list("pk", flat=True))
    for article in hidden:
        expected = 200 if article.pk in retracted else 404
        assert served[f"/api/v1/stories/{article.pk}/"] == expected, article.status
    assert all(served[f"/api/v1/stories/{pk}/"] == 200 for pk in public)


def test_api_never_reads_staff_only_fields_or_identities(client, demo_newsroom, settings):
    """Contact details, notes and the identity link are not even selected, let alone shown."""
    islamabad = Article.objects.get(slug="washington-uneasy-as-pakistan-and-russia-draw-closer")
    for url in [
        "/api/v1/stories/",
        f"/api/v1/stories/{islamabad.pk}/",
        "/api/v1/quotes/",
        f"/api/v1/quotes/?story={islamabad.pk}",
    ]:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200, url
        sql = " ".join(query["sql"] for query in context.captured_queries)
        assert '"sources_source"' in sql, url
        for field in (*STAFF_ONLY_SOURCE_FIELDS, "identity_id", "reason"):
            assert f'."{field}"' not in sql, (url, field)
