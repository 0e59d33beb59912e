"""Reader search: ranked, public only, and unbreakable by hostile input (SQLite and PostgreSQL)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, clean_query, query_terms, search_articles
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
    """The list's columns, and on SQLite the body its extract is made from (on PostgreSQL the
    extract comes with the row)."""
    ArticleFactory(headline="Cotton exporters worried", credit="Agencies")
    (story,) = search_articles("cotton")
    loaded = {"id", "headline", "slug", "dek", "published_at", "section_id"}
    if connection.vendor != "postgresql":
        loaded.add("body")
    assert {field.attname for field in Article._meta.concrete_fields} - loaded == (
        story.get_deferred_fields()
    )
    assert story.section.name


def test_clean_query_strips_control_characters_and_caps_length():
    assert clean_query("a\x00b\tc") == "a b c"
    assert clean_query("x" * 10_000) == "x" * MAX_QUERY_LENGTH
    assert clean_query(None) == ""
    assert clean_query("زیر\u200cزمینی") == "زیر\u200cزمینی"


def test_query_terms_leave_out_excluded_words_and_quotes():
    assert query_terms('"cotton exports" -wheat -- rice-growers') == [
        "cotton",
        "exports",
        "rice-growers",
    ]
    assert query_terms("- --") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_stored_vectors_are_kept_by_the_trigger_and_matching_uses_the_gin_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchQuery

    story = ArticleFactory(headline="Cotton exporters worried")
    Article.objects.bulk_create(
        [Article(headline="Wheat growers hopeful", slug="wheat", body="<p>Barley too.</p>")]
    )
    story.headline = "Rice exporters worried"
    story.save()
    ranked = Article.objects.filter(rank_vector=SearchQuery("rice", config="english"))
    assert ranked.get() == story  # the headline and dek only, kept by the same trigger
    assert Article.objects.filter(rank_vector=SearchQuery("growers", config="english")).exists()
    assert Article.objects.filter(search_vector=SearchQuery("barley", config="english")).exists()
    assert not Article.objects.filter(rank_vector=SearchQuery("barley", config="english")).exists()
    query = SearchQuery("exporters", search_type="websearch", config="english")
    matches = Article.objects.filter(search_vector=query)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = matches.order_by().explain()
        cursor.execute("SET enable_seqscan = on")
    assert "article_search_vector" in plan
    (index,) = [i for i in Article._meta.indexes if i.name == "article_search_vector"]
    assert isinstance(index, GinIndex) and index.fields == ["search_vector"]
    assert Article.objects.filter(search_vector=SearchQuery("wheat", config="english")).exists()
    assert [article.headline for article in search_articles("rice")] == ["Rice exporters worried"]
    assert list(search_articles("cotton")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_each_page_of_results_is_ranked_with_its_section_and_extract():
    from articles.search import marked_extracts

    now = timezone.now()
    for n in range(6):
        ArticleFactory(
            headline="Cotton exporters" if n % 3 == 0 else f"Market report {n}",
            body="<p>Prices of cotton rose; cotton exporters met.</p>",
            published_at=now - timedelta(hours=n + 1),
        )
    results = search_articles("cotton exporters")
    pages = [list(results[0:4]), list(results[4:])]
    assert pages[0] + pages[1] == list(results)
    assert [story.headline for story in pages[0][:2]] == ["Cotton exporters"] * 2
    ranks = [story.rank for story in pages[0] + pages[1]]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]
    for story in pages[0] + pages[1]:
        assert story.section.name
        marked_extracts([story], "cotton exporters")
        assert story.extract == (
            "Prices of <mark>cotton</mark> rose; <mark>cotton</mark> <mark>exporters</mark> met."
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
@pytest.mark.parametrize("recent_stories", [2, 6, 12, 100])
def test_search_ranks_only_the_newest_public_matches(
    monkeypatch, django_assert_max_num_queries, recent_stories
):
    """The newest ``MAX_RANKED`` public matches, whatever their rank, whether the newest
    ``RECENT_STORIES`` hold enough of them or not (then all matches are sorted): stories in any
    other state match and are never found, nor take a place among the newest."""
    from articles import search

    monkeypatch.setattr(search, "MAX_RANKED", 3)
    monkeypatch.setattr(search, "RECENT_STORIES", recent_stories)
    now = timezone.now()
    for state in not_public_states(now).values():
        ArticleFactory(headline="Saffron saffron saffron", **state)
    for hour in range(1, 13):
        saffron = hour in {2, 3, 7, 9, 10}
        ArticleFactory(
            headline="Saffron saffron harvest" if hour == 10 else f"Harvest {hour}",
            body="<p>Saffron prices.</p>" if saffron else "<p>Rice prices.</p>",
            published_at=now - timedelta(hours=hour),
        )
    with django_assert_max_num_queries(3):
        found = [article.headline for article in search_articles("saffron")]
    assert sorted(found) == ["Harvest 2", "Harvest 3", "Harvest 7"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_extract_is_made_for_the_page_only():
    """``ts_headline`` parses text: PostgreSQL computes it above the sort, for the rows the
    ``LIMIT`` takes, not for every ranked match."""
    ArticleFactory.create_batch(3, body="<p>Cotton prices.</p>")
    plan = search_articles("cotton")[:2].explain(verbose=True)
    assert "ts_headline" in plan
    assert "ts_headline" not in plan.split("->  Sort")[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search only")
def test_the_extract_of_a_long_story_is_where_the_query_word_is(client):
    """Only a passage of the body is given to ``ts_headline``: from a little before the query's
    longest word first appears, tags cut in half by it dropped; or the start of the body."""
    from articles.search import PASSAGE_CHARACTERS

    filler = '<p>Words about <a href="https://example.com/">nothing</a> much.</p>' * 200
    ArticleFactory(body=f"<p>Opening words.</p>{filler}<p>Dr Huma Baqai said talks went well.</p>")
    assert len(Article.objects.get().body) > 4 * PASSAGE_CHARACTERS
    (snippet,) = _snippets(client, "Baqai talks")
    assert snippet.endswith("Dr Huma <mark>Baqai</mark> said <mark>talks</mark> went well.")
    text = re.sub(r"</?mark>", "", snippet)
    assert "<" not in text and ">" not in text  # no tag shows, whole or cut by the passage
    (snippet,) = _snippets(client, "opening")
    assert snippet.startswith("<mark>Opening</mark> words. Words about nothing much. Words")


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
    assert snippet.startswith("<mark>cotton</mark> <mark>exports</mark> rose. word0 word1")
    assert "first" not in snippet
    assert 12 < snippet.count(" ") < 40  # a window, not the body


def test_the_extract_of_a_story_matched_by_its_headline_is_the_start_of_its_body(client):
    ArticleFactory(headline="Cotton exporters worried", body="<p>Exporters met today.</p>")
    assert _snippets(client, "cotton") == ["Exporters met today."]


def test_the_extract_is_escaped_and_marks_only_matches(client):
    ArticleFactory(
        body="<p>Cotton &lt;script&gt;alert(1)&lt;/script&gt; \x02prices\x03 rose.</p>",
    )
    (snippet,) = _snippets(client, "cotton")
    assert snippet == "<mark>Cotton</mark> &lt;script&gt;alert(1)&lt;/script&gt; prices rose."


def test_markup_in_a_body_or_a_query_stays_text(client):
    """The words of a body's ``<script>`` are found and marked as text, a body's ``<mark>`` never
    passes for a highlight, and a query's markup is never echoed unescaped."""
    ArticleFactory(
        headline="Script kiddies",
        body="<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;mark&gt;not a highlight&lt;/mark&gt;</p>",
    )
    (snippet,) = _snippets(client, "script alert")
    assert re.sub("</?mark>", "", snippet) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;mark&gt;not a highlight&lt;/mark&gt;"
    )
    assert snippet.startswith("&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)")
    response = client.get("/search/", {"q": "<script>alert(1)</script> <mark>script"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;mark&gt;script" in html  # the search box


def test_a_page_of_results_with_their_extracts_is_one_query(django_assert_num_queries):
    from articles.search import marked_extracts

    ArticleFactory.create_batch(20, body="<p>Cotton and more cotton prices.</p>")
    results = search_articles("cotton prices")  # on PostgreSQL the newest matches' ids are read
    with django_assert_num_queries(1):
        stories = list(results[:20])
        marked_extracts(stories, "cotton prices")
    assert [story.extract for story in stories] == (
        ["<mark>Cotton</mark> and more <mark>cotton</mark> <mark>prices</mark>."] * 20
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


KHANS = {"Rana_Ali Khan", "Sana 100% Khan"}
KHAN_ORGANISATIONS = {"Khan Institute", "Ali_Khan Council"}
# Query: the people found on PostgreSQL (names similar enough to the words), on SQLite (names
# holding every word, LIKE's wildcards escaped), and the organisations found on both.
NAME_CASES = {
    "khan": (KHANS, KHANS, KHAN_ORGANISATIONS),
    "khan -ali": (KHANS, KHANS, KHAN_ORGANISATIONS),
    "rana ali": ({"Rana_Ali Khan", "Rana Ali"}, {"Rana_Ali Khan", "Rana Ali", "Ranaxali"}, set()),
    "a_a": (set(), {"Rana_Ali Khan"}, set()),
    "100%": ({"Sana 100% Khan"}, {"Sana 100% Khan"}, set()),
    "a\\\\b": (set(), set(), set()),
    "nobody": (set(), set(), set()),
    "Rana Ali Hidden": (set(), set(), set()),
}


@pytest.mark.parametrize("query", NAME_CASES)
def test_people_and_organisations_are_the_public_ones_whose_names_match(quoted_people, query):
    from articles import search

    on_postgresql, on_sqlite, expected_organisations = NAME_CASES[query]
    people, organisations = search.search_people(query)

    expected = on_postgresql if connection.vendor == "postgresql" else on_sqlite
    assert {person.name for person in people} == expected
    assert {organisation.name for organisation in organisations} == expected_organisations
    assert set(people) <= set(Source.objects.public())
    assert set(organisations) <= set(Organisation.objects.public())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigram search only")
def test_names_are_found_misspelt_the_most_similar_first(quoted_people):
    from articles import search

    people, _ = search.search_people("rana alli")
    assert {person.name for person in people} == {"Rana_Ali Khan", "Rana Ali"}
    people, _ = search.search_people("rana")
    assert [person.name for person in people][-1] == "Ranaxali"  # 0.8 similar; the others 1
    assert "Rana Ali Hidden" not in {person.name for person in people}
    assert search.search_people("Rana Ali Hidden") == ([], [])


def test_people_found_follow_the_publication_rule_at_each_search(quoted_people, monkeypatch):
    """Their queries are compiled once (``newsroom.compiled``), with the time as a parameter: a
    story scheduled for later names nobody until its time has come, then its people are found."""
    from articles import search

    story = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    QuoteFactory(article=story, source=SourceFactory(name="Zubaida Qureshi"))
    QuoteFactory(article=story, source=None, organisation=OrganisationFactory(name="Qureshi Trust"))
    assert search.search_people("zubaida qureshi") == ([], [])
    assert search.search_people("qureshi trust") == ([], [])
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    people, _ = search.search_people("zubaida qureshi")
    _, organisations = search.search_people("qureshi trust")
    assert [person.public_name for person in people] == ["Zubaida Qureshi"]
    assert [organisation.name for organisation in organisations] == ["Qureshi Trust"]
    assert people[0].get_absolute_url() == f"/people/{people[0].slug}/"


def test_searching_a_confidential_name_costs_what_searching_nobody_does(quoted_people):
    """No query is skipped when no name matches: timing cannot tell that a hidden person exists."""
    from articles import search

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
    """The content version, the stories (on PostgreSQL, after their ids: the newest matches
    among the recent stories, then if too few among all), people, organisations, and the first
    time the header's sections: whatever the number of matches."""
    ArticleFactory.create_batch(25, headline="Khan harbour news", body="<p>Khan said.</p>")
    ids = 2 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(5 + ids):
        first = client.get("/search/", {"q": "khan"})
    with django_assert_max_num_queries(2 + ids):  # beyond page 1: no people, header cached
        last = client.get("/search/", {"q": "khan", "page": 3})
    assert first.status_code == last.status_code == 200
    assert 'href="/people/person-0/"' in first.content.decode()
    assert first.content.decode().count('class="teaser"') == 10
    assert last.content.decode().count('class="teaser"') == 5
    assert client.get("/search/", {"q": "khan", "page": 4}).status_code == 404


def test_names_are_matched_on_words_of_three_letters_or_more(quoted_people):
    """A shorter word matched nearly every name (half a second at 33,000 people)."""
    from articles import search

    assert search.search_people("al") == ([], [])
    assert search.search_people("ra al") == ([], [])
    people, _ = search.search_people("rana al")  # "al" is left out, "rana" is not
    assert {person.name for person in people} == {"Rana_Ali Khan", "Rana Ali", "Ranaxali"}
