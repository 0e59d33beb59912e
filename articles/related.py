"""Related stories: the public stories sharing the most topics with a story, newest first.

Only the ``per_topic`` stories most recently added to each of the story's topics are compared,
each read backwards from the ``(tag, story)`` index: counting shared topics over every story of
a popular topic, or scanning the whole archive by date for the stories of a rare one, grows
with the archive. A candidate's shared topics are the story's topics among whose newest stories
it is: counting them over all its topics instead, one lookup per candidate, was a large share
of a story page's cost (docs/performance.md), and differs only for a story that is among one
topic's newest and not another's.

``RelatedStories`` is an expression, so a story page gets them in the story's own row
(``articles.story_page``), made into stories by ``related_stories()``: on PostgreSQL each
topic's newest stories come from a ``LATERAL`` index scan, on SQLite from a window over the
topics' stories. The candidates are joined to ``published()``'s own SQL, never to a
restatement of it, and only the ranked few are read for their headline and address.
"""

from __future__ import annotations

from django.db.models import Expression, F, IntegerField, QuerySet, TextField

from articles.models import Article
from newsroom.compiled import Rows

RELATED_STORIES = 5
PER_TOPIC = 30

# Each topic's newest stories, as candidate ids with the number of the story's topics they are
# among the newest of; {story} is the row's story, {tagged} the table.
_NEWEST_POSTGRESQL = """
    SELECT newest.content_object_id AS id, COUNT(*) AS shared
    FROM {tagged} own
    CROSS JOIN LATERAL (
        SELECT other.content_object_id FROM {tagged} other
        WHERE other.tag_id = own.tag_id AND other.content_object_id <> {story}
        ORDER BY other.content_object_id DESC LIMIT {per_topic}
    ) newest
    WHERE own.content_object_id = {story}
    GROUP BY newest.content_object_id
"""
_NEWEST_SQLITE = """
    SELECT ranked.content_object_id AS id, COUNT(*) AS shared
    FROM (
        SELECT other.content_object_id, ROW_NUMBER() OVER (
            PARTITION BY other.tag_id ORDER BY other.content_object_id DESC
        ) AS rank
        FROM {tagged} other
        WHERE other.tag_id IN (SELECT own.tag_id FROM {tagged} own WHERE own.content_object_id = {story})
          AND other.content_object_id <> {story}
    ) ranked
    WHERE ranked.rank <= {per_topic}
    GROUP BY ranked.content_object_id
"""
# The candidates that are public, ranked, the first {limit} of them with what a link shows, as
# rows of RELATED_FIELDS; {json_row} and {json_array} are the database's own. Ranking needs only
# each candidate's id and publish time, which ``published()`` tests from an index on PostgreSQL
# (articles 0012); the headline and slug are read for the ranked few.
_RANKED = """
    (SELECT {json_array} FROM (
        SELECT {json_row}(top.id, story.headline, story.slug, top.published_at, top.shared) AS item
        FROM (
            SELECT public.id, public.published_at, candidate.shared
            FROM ({newest}) candidate
            JOIN ({public}) public ON public.id = candidate.id
            ORDER BY candidate.shared DESC, public.published_at DESC, public.id DESC
            LIMIT {limit}
        ) top
        JOIN {stories} story ON story.id = top.id
        ORDER BY top.shared DESC, top.published_at DESC, top.id DESC
    ) related)
"""
RELATED_FIELDS = ("id", "headline", "slug", "published_at", "shared")
_RELATED_ROWS = Rows(Article, RELATED_FIELDS, {"shared": IntegerField()})


def related_stories(related, *, using: str) -> list[Article]:
    """``RelatedStories``' value as stories with their headline, slug, publish time and
    ``shared`` (how many of the story's topics they share), most shared first, then the newest:
    the order the query ranks them in, which SQL does not bind an aggregate to keep."""
    stories = _RELATED_ROWS.objects(using, related)
    return sorted(
        stories, key=lambda story: (story.shared, story.published_at, story.pk), reverse=True
    )


class RelatedStories(Expression):
    """The ``limit`` stories of ``public`` most related to the row's story, as a JSON array of
    rows of ``RELATED_FIELDS`` (``related_stories()`` reads them)."""

    output_field = TextField()

    def __init__(
        self,
        public: QuerySet,
        *,
        limit: int = RELATED_STORIES,
        per_topic: int = PER_TOPIC,
        story=None,
    ):
        super().__init__()
        self.public = public.order_by().values("id", "published_at")
        self.limit = int(limit)
        self.per_topic = int(per_topic)
        self.story = story if story is not None else F("pk")

    def get_source_expressions(self):
        return [self.story]

    def set_source_expressions(self, exprs):
        [self.story] = exprs

    def as_sql(self, compiler, connection):
        return self._as_sql(
            compiler,
            connection,
            _NEWEST_POSTGRESQL,
            "JSON_BUILD_ARRAY",
            "COALESCE(JSON_AGG(related.item), '[]'::json)",
        )

    def as_sqlite(self, compiler, connection):
        return self._as_sql(
            compiler,
            connection,
            _NEWEST_SQLITE,
            "JSON_ARRAY",
            "JSON_GROUP_ARRAY(JSON(related.item))",
        )

    def _as_sql(self, compiler, connection, newest, json_row, json_array):
        story, story_params = compiler.compile(self.story)
        if story_params:
            raise ValueError("RelatedStories needs the story as a column.")
        public, public_params = self.public.query.get_compiler(connection=connection).as_sql()
        tagged = self.public.model._meta.get_field("tagged_items").related_model
        names = {
            "tagged": connection.ops.quote_name(tagged._meta.db_table),
            "story": story,
            "per_topic": self.per_topic,
        }
        sql = _RANKED.format(
            newest=newest.format(**names),
            public=public,
            stories=connection.ops.quote_name(self.public.model._meta.db_table),
            json_row=json_row,
            json_array=json_array,
            limit=self.limit,
            **names,
        )
        return sql, public_params
