"""Reader search: ranked, public only, and unbreakable by hostile input (SQLite and PostgreSQL)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, clean_query, search_articles
from sources.models import Organisation, Source
from tests.factories import ArticleFactory, OrganisationFactory, QuoteFactory, SourceFactory
from tests.public.conftest import ISLAMABAD_URL, not_public_states

pytestmark = pytest.mark.django_db


def test_searching_baqai_finds_the_islamabad_story_and_her_page(client, demo_newsroom):
    html = client.get("/search/", {"q": "Baqai"}).content.decode()
    assert f'href="{ISLAMABAD_URL}"' in html
    assert 'href="/people/huma-baqai/"' in html
    assert "<mark>Baqai</mark>" in html


def test_search_finds_organisations_by_name(client, demo_newsroom):
    html = client.get("/search/", {"q": "foreign ministry"}).content.decode()
    assert 'href="/organisations/pakistan-foreign-ministry/"' in html


def test_headline_matches_rank_above_body_matches(client):
    ArticleFactory(headline="Budget talks stall", body="<p>Nothing about cotton.</p>")
    ArticleFactory(headline="Cotton exporters worried", body="<p>Exporters met.</p>")
    ArticleFactory(headline="Market report", body="<p>Prices of cotton rose.</p>")
    ArticleFactory(headline="Cotton draft", status=Article.Status.DRAFT)
    html = client.get("/search/", {"q": "cotton"}).content.decode()
    assert html.index("Cotton exporters worried") < html.index("Market report")
    assert "Cotton draft" not in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        "%",
        "_",
        "\\",
        "%_\\%",
        "a\x00b",
        "\x00",
        "'; DROP TABLE articles_article; --",
        '"unbalanced',
        "-",
        "--",
        "!!! & | ! <-> :*",
        "(((",
        "پاکستان روس",
        "زیر\u200cزمینی",
        "\u202eevil\u202c",
        "🦜🦜",
        "e\u0301",
        "<script>alert(1)</script>",
        "Baqai " * 500,
    ],
)
def test_hostile_queries_get_a_normal_page(client, demo_newsroom, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<h1>Search</h1>" in html


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%00", "%C0%AF", "a&q=b", "%25%5F%5C"])
def test_undecodable_query_strings_get_a_normal_page(client, db, raw):
    assert client.get(f"/search/?q={raw}").status_code == 200


def test_search_pages_beyond_the_last_are_404(client):
    ArticleFactory.create_batch(3, headline="Harbour news")
    assert client.get("/search/", {"q": "harbour", "page": 1}).status_code == 200
    assert client.get("/search/", {"q": "harbour", "page": 2}).status_code == 404


def test_search_results_load_only_what_the_results_list_shows():
    ArticleFactory(headline="Cotton exporters worried", credit="Agencies")
    (story,) = search_articles("cotton")
    loaded = {"id", "headline", "slug", "dek", "body", "published_at", "section_id"}
    assert {field.attname for field in Article._meta.concrete_fields} - loaded == (
        story.get_deferred_fields()
    )
    assert story.section.name


def test_clean_query_strips_control_characters_and_caps_length():
    assert clean_query("a\x00b\tc") == "a b c"
    assert clean_query("x" * 10_000) == "x" * MAX_QUERY_LENGTH
    assert clean_query(None) == ""
    assert clean_query("زیر\u200cزمینی") == "زیر\u200cزمینی"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_stored_search_vector_is_kept_by_the_trigger_and_uses_the_gin_index():
    from django.contrib.postgres.search import SearchQuery  # noqa: PLC0415

    story = ArticleFactory(headline="Cotton exporters worried")
    Article.objects.bulk_create(
        [Article(headline="Wheat growers hopeful", slug="wheat", body="<p>Wheat.</p>")]
    )
    story.headline = "Rice exporters worried"
    story.save()
    query = SearchQuery("exporters", search_type="websearch", config="english")
    matches = Article.objects.filter(search_vector=query)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = matches.order_by().explain()
        cursor.execute("SET enable_seqscan = on")
    assert "article_search_vector" in plan
    assert Article.objects.filter(search_vector=SearchQuery("wheat", config="english")).exists()
    assert [article.headline for article in search_articles("rice")] == ["Rice exporters worried"]
    assert list(search_articles("cotton")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_ranked_stories_run_the_compiled_sql_of_the_ranked_queryset():
    """The SQL compiled once gives each page as the queryset built for the request would: the
    newest matches, ranked, with their section, rank and the query's lexemes."""
    from articles import search  # noqa: PLC0415

    now = timezone.now()
    for n in range(6):
        ArticleFactory(
            headline="Cotton exporters" if n % 3 == 0 else f"Market report {n}",
            body="<p>Prices of cotton rose; cotton exporters met.</p>",
            published_at=now - timedelta(hours=n + 1),
        )
    compiled = search.search_articles("cotton exporters")
    pages = [compiled[0:4], compiled[4:]]
    built = search._ranked("cotton exporters", "cotton exporters", now=compiled.now)
    assert [list(built[0:4]), list(built[4:])] == pages
    assert [story.headline for story in pages[0][:2]] == ["Cotton exporters"] * 2
    for story in pages[0] + pages[1]:
        assert story.section.name and story.search_lexemes == ["cotton", "export"]
    assert pages[0][0].rank > pages[0][-1].rank


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_search_ranks_only_the_newest_matches(monkeypatch):
    from articles import search  # noqa: PLC0415

    monkeypatch.setattr(search, "MAX_RANKED", 2)
    for n in range(3):
        ArticleFactory(
            headline=f"Saffron harvest {n}",
            published_at=timezone.now() - timedelta(days=n),
        )
    found = [article.headline for article in search_articles("saffron")]
    assert sorted(found) == ["Saffron harvest 0", "Saffron harvest 1"]


def _parts_run(plan: str) -> set[str]:
    """The parts of ``newest_matches`` whose scan of the stories ran, from EXPLAIN ANALYZE."""
    sections = re.split(r"\n\s*CTE (\w+)\n", plan)
    return {
        name
        for name, section in zip(sections[1::2], sections[2::2], strict=True)
        if name in {"recent", "earlier_matches", "everything"}
        and re.search(r"Scan [^\n]*on articles_article [^\n]*\(actual", section)
    }


# The newest five public stories are the recent window (RECENT_WINDOW is 1 and the limit 5): they
# were published 1 to 5 hours ago, so the earlier period is the 20 hours before (EARLIER_WINDOWS
# is 4). Each case: the hours ago of the public stories that match, and the parts that run.
NEWEST_MATCHES_CASES = {
    "a common word: the recent window has them all": ([1, 2, 3, 4, 5, 6], {"recent"}),
    "a frequent word: then the earlier period": (
        [2, 4, 8, 12, 16, 20, 36],
        {"recent", "earlier_matches"},
    ),
    "then the older stories, from the index": (
        [3, 9, 30, 33, 36, 39],
        {"recent", "earlier_matches", "everything"},
    ),
    "a rare word: none recent, so no earlier period": (
        [9, 12, 30, 33, 36, 39],
        {"recent", "everything"},
    ),
    "fewer matches than the limit": ([3, 9, 30], {"recent", "earlier_matches", "everything"}),
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
@pytest.mark.parametrize("case", NEWEST_MATCHES_CASES)
def test_newest_matches_are_the_newest_public_matches_from_every_part(monkeypatch, case):
    """Whichever parts find them, the newest matches are the newest public stories that match,
    and a part runs only when the ones before it found too few."""
    from articles import search  # noqa: PLC0415

    monkeypatch.setattr(search, "RECENT_WINDOW", 1)
    hours, parts = NEWEST_MATCHES_CASES[case]
    now = timezone.now()
    for hour in range(1, 41):
        body = "<p>Saffron prices.</p>" if hour in hours else "<p>Rice.</p>"
        ArticleFactory(body=body, published_at=now - timedelta(hours=hour, minutes=1))
    for state in not_public_states(now).values():  # they match, and are never found
        ArticleFactory(body="<p>Saffron, not public.</p>", **state)

    newest = search.newest_matches(search.search_query_for("saffron"), 5, now=now)
    found = Article.objects.filter(newest).order_by("-published_at")

    expected = Article.objects.published(now=now).filter(body__icontains="saffron")
    assert list(found) == list(expected.order_by("-published_at")[:5])
    assert _parts_run(found.explain(analyze=True)) == parts


# Extracts -----------------------------------------------------------------------------------------


def _snippets(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<p class="snippet">(.*?)</p>', html)


def test_the_extract_marks_the_matched_words_of_the_body(client):
    ArticleFactory(body="<p>Ministers <em>talked</em> about cotton; nobody talked about wheat.</p>")
    (snippet,) = _snippets(client, "talk")
    assert snippet == (
        "Ministers <mark>talked</mark> about cotton; nobody <mark>talked</mark> about wheat."
    )


def test_the_extract_is_the_window_with_the_most_query_words(client):
    filler = " ".join(f"word{n}" for n in range(60))
    ArticleFactory(body=f"<p>Cotton first. {filler}</p><p>Later, cotton exports rose. {filler}</p>")
    (snippet,) = _snippets(client, "cotton exports")
    assert snippet.startswith("… ")
    assert "<mark>cotton</mark> <mark>exports</mark> rose." in snippet
    assert snippet.endswith(" …")
    assert snippet.count(" ") < 40  # a window, not the body


def test_the_extract_of_a_story_matched_by_its_headline_is_the_start_of_its_body(client):
    ArticleFactory(headline="Cotton exporters worried", body="<p>Exporters met today.</p>")
    assert _snippets(client, "cotton") == ["Exporters met today."]


def test_the_extract_is_escaped_and_marks_only_matches(client):
    ArticleFactory(
        body="<p>Cotton &lt;script&gt;alert(1)&lt;/script&gt; \x02prices\x03 rose.</p>",
    )
    (snippet,) = _snippets(client, "cotton")
    assert snippet == "<mark>Cotton</mark> &lt;script&gt;alert(1)&lt;/script&gt; prices rose."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_extract_marks_what_full_text_search_matched(client):
    """Words the search configuration reduces to a query's lexeme ("govern"), and only those."""
    ArticleFactory(body="<p>Studies of the governor, the government and its governance.</p>")
    (snippet,) = _snippets(client, "study government")
    assert snippet == (
        "<mark>Studies</mark> of the governor, the <mark>government</mark> and its "
        "<mark>governance</mark>."
    )


def test_the_extract_survives_letters_whose_lower_case_is_longer(client):
    ArticleFactory(body="<p>İSTANBUL: cotton traders in İzmir and cotton-growers met.</p>")
    (snippet,) = _snippets(client, "cotton")
    assert snippet == (
        "İSTANBUL: <mark>cotton</mark> traders in İzmir and <mark>cotton</mark>-growers met."
    )


def test_a_page_of_extracts_takes_one_query_on_postgresql_and_none_on_sqlite(
    django_assert_num_queries,
):
    from articles.search import snippets_for  # noqa: PLC0415

    ArticleFactory.create_batch(20, body="<p>Cotton and more cotton prices.</p>")
    stories = list(search_articles("cotton prices")[:20])
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 0):
        snippets = snippets_for(stories, "cotton prices")
    assert (
        snippets == ["<mark>Cotton</mark> and more <mark>cotton</mark> <mark>prices</mark>."] * 20
    )


# People and organisations --------------------------------------------------------------------------


@pytest.fixture
def quoted_people(db):
    story = ArticleFactory()
    people = [
        SourceFactory(name=name, slug=f"person-{n}")
        for n, name in enumerate(["Rana_Ali Khan", "Rana Ali", "Ranaxali", "Sana 100% Khan"])
    ]
    for person in people:
        QuoteFactory(article=story, source=person)
    for name in ["Khan Institute", "Ali_Khan Council"]:
        QuoteFactory(article=story, source=None, organisation=OrganisationFactory(name=name))
    SourceFactory(name="Rana Ali Hidden")  # known only as an identity: never public
    return people


@pytest.mark.parametrize(
    "query", ["khan", "rana ali", "a_a", "100%", "a\\\\b", "khan -ali", "nobody"]
)
def test_people_and_organisations_are_the_public_ones_whose_names_match(quoted_people, query):
    """``_named`` runs ``public()`` compiled once, with LIKE's wildcards escaped as the ORM does."""
    from articles import search  # noqa: PLC0415

    people, organisations = search.search_people(query)

    terms = [term.lstrip("-") for term in search.query_terms(query)]
    expected_people = Source.objects.public()
    expected_organisations = Organisation.objects.public()
    for term in terms:
        expected_people = expected_people.filter(name__icontains=term)
        expected_organisations = expected_organisations.filter(name__icontains=term)
    assert people == list(expected_people[:10])
    assert organisations == list(expected_organisations[:10])
    assert "Rana Ali Hidden" not in {person.name for person in people}


def test_searching_a_confidential_name_costs_what_searching_nobody_does(quoted_people):
    """No query is skipped when no name matches: timing cannot tell that a hidden person exists."""
    from articles import search  # noqa: PLC0415

    statements = []
    for query in ["Rana Ali Hidden", "Nobody Atall Hidden"]:
        with CaptureQueriesContext(connection) as captured:
            assert search.search_people(query) == ([], [])
        statements.append([re.sub(r"'[^']*'", "?", q["sql"]) for q in captured.captured_queries])
    assert len(statements[0]) == 2
    assert statements[0] == statements[1]


def test_the_search_page_takes_a_fixed_number_of_queries(
    client, quoted_people, django_assert_max_num_queries
):
    """The content version, the stories, people, organisations, on PostgreSQL the words to mark,
    and the first time the header's sections: whatever the number of matches."""
    ArticleFactory.create_batch(25, headline="Khan harbour news", body="<p>Khan said.</p>")
    marks = 1 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(5 + marks):
        first = client.get("/search/", {"q": "khan"})
    with django_assert_max_num_queries(2 + marks):  # beyond page 1: no people, header cached
        second = client.get("/search/", {"q": "khan", "page": 2})
    assert first.status_code == second.status_code == 200
    assert 'href="/people/person-0/"' in first.content.decode()
    assert first.content.decode().count('class="teaser"') == 20
    assert second.content.decode().count('class="teaser"') == 5


def test_names_are_matched_on_words_of_three_letters_or_more(quoted_people):
    """A shorter word matched nearly every name (half a second at 33,000 people)."""
    from articles import search  # noqa: PLC0415

    assert search.search_people("al") == ([], [])
    assert search.search_people("ra al") == ([], [])
    people, _ = search.search_people("rana al")  # "al" is left out, "rana" is not
    assert {person.name for person in people} == {"Rana_Ali Khan", "Rana Ali", "Ranaxali"}
