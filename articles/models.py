from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Min
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator, slugify
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import NaturalKeyManager, TagBase, TaggedItemBase

from articles.querysets import (
    ArticleManager,
    AuthorQuerySet,
    CorrectionQuerySet,
    SectionQuerySet,
    TopicQuerySet,
)
from articles.text import body_paragraphs, sanitise_body
from newsroom.compiled import CompiledQuery
from newsroom.signals import PublicContentQuerySet
from newsroom.urlcache import cached_reverse
from newsroom.validators import validate_plain_line


def story_url(slug: str, published_at) -> str:
    """A story's canonical ``/YYYY/MM/DD/<slug>/`` URL, dated in the newsroom's time zone
    (``TIME_ZONE``, whatever zone a request may have activated: a story has one address)."""
    day = published_at.astimezone(timezone.get_default_timezone()).date()
    return cached_reverse(
        "articles:detail",
        year=day.year,
        month=f"{day.month:02d}",
        day=f"{day.day:02d}",
        slug=slug,
    )


def byline(author_names: list[str], byline_text: str = "") -> str:
    """“Sana Malik and Our Staff Reporter”: staff bylines, then the free-text one."""
    return " and ".join([*author_names, byline_text] if byline_text else author_names)


def section_url(slug: str) -> str:
    return cached_reverse("articles:section", slug=slug)


def author_url(slug: str) -> str:
    return cached_reverse("articles:author", slug=slug)


def topic_url(slug: str) -> str:
    return cached_reverse("articles:topic", slug=slug)


BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False},
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
}


class Section(models.Model):
    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="Desk name shown to readers, e.g. “Pakistan” or “World”.",
    )
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in the section’s URL, e.g. “pakistan”."
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site navigation; lower comes first, e.g. 1."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return section_url(self.slug)


class Author(models.Model):
    """A staff byline with a public profile page."""

    name = models.CharField(
        max_length=120, help_text="Byline as readers see it, e.g. “Sana Malik”."
    )
    slug = models.SlugField(
        max_length=120, unique=True, help_text="Used in the author page URL, e.g. “sana-malik”."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account behind this byline; it decides whose stories are “own”.",
    )
    job_title = models.CharField(
        max_length=120, blank=True, help_text="e.g. “Diplomatic Correspondent”."
    )
    bio = models.TextField(blank=True, help_text="Public biography shown on the author page.")

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return author_url(self.slug)


class Topic(TagBase):
    """A django-taggit tag with a description; names are unique whatever their case."""

    name = models.CharField(
        verbose_name=pgettext_lazy("A tag name", "name"),
        unique=True,
        max_length=100,
        validators=[validate_plain_line],
    )

    description = models.TextField(
        blank=True,
        help_text="Shown on the topic page, e.g. “Coverage of relations between Pakistan and Russia.”",
    )

    objects = NaturalKeyManager.from_queryset(TopicQuerySet)()  # taggit's, for backups

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="topic_name_case_insensitive_unique")
        ]

    def get_absolute_url(self):
        return topic_url(self.slug)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_topic_per_article"
            )
        ]
        # Topic pages go from the topic to its stories.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_topic_article")]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(
        max_length=200,
        validators=[validate_plain_line],
        help_text="e.g. “Washington uneasy as Pakistan and Russia draw closer”.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the story’s URL, made from the headline; e.g. “washington-uneasy-pakistan-russia”.",
    )
    dek = models.CharField(
        "dek",
        max_length=400,
        validators=[validate_plain_line],
        blank=True,
        help_text="One-sentence summary under the headline, e.g. “Officials say the US has signalled its displeasure indirectly.”",
    )
    dateline = models.CharField(
        max_length=80,
        blank=True,
        validators=[validate_plain_line],
        help_text="Place the story was filed from, in capitals, e.g. “ISLAMABAD”.",
    )
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The desk the story belongs to, e.g. “Pakistan”.",
    )
    authors = models.ManyToManyField(
        Author,
        blank=True,
        related_name="articles",
        help_text="Staff bylines; each links to the author’s public page.",
    )
    byline_text = models.CharField(
        "free-text byline",
        max_length=200,
        blank=True,
        validators=[validate_plain_line],
        help_text="Used with or instead of staff bylines, e.g. “Our Staff Reporter” or “Agencies”.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_plain_line],
        help_text="Credit for reporting we build on, e.g. “Based on reporting by The Nation, Islamabad”.",
    )
    body = ProseEditorField(
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=True,
        blank=True,
        help_text="The story. Paragraphs, bold, italic, links, headings, lists and block quotes.",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of",
        help_text="Shown above the story and in link previews; it needs alt text before publishing.",
    )
    topics = TaggableManager(
        through=TaggedArticle,
        blank=True,
        help_text="Comma-separated topics, e.g. “Pakistan–Russia relations, Diplomacy”.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text="Changed only through the editorial workflow.",
    )
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        db_index=True,
        help_text="First public time; a future time schedules the story.",
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Never public before this time, whatever its status, e.g. a report embargoed until 00:01.",
    )
    public_updated_at = models.DateTimeField(
        "public update time",
        null=True,
        blank=True,
        help_text="Shown to readers as “Updated”; moves when a correction or update is published.",
    )
    retraction_note = models.TextField(
        blank=True,
        help_text="Set when a story is retracted: shown to readers instead of the story, with status 410.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_articles",
        editable=False,
        help_text="The journalist who created the story.",
    )
    approved_revision = models.ForeignKey(
        "ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="The revision the editor approved; a text change after approval reopens review.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up on every admin save, so a second editor cannot overwrite the first.",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    text_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text=(
            "Who last changed the headline, dek, body or quotes: they may not approve the "
            "story (four-eyes rule)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="Headline, dek and body for full-text search; kept by a PostgreSQL trigger.",
    )
    rank_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text=(
            "Headline and dek, to rank search results; kept by the same trigger. Small enough "
            "to be stored in the row, unlike search_vector."
        ),
    )

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("submit_article", "Can submit a story for review"),
            ("approve_article", "Can approve or send back a story"),
            ("publish_article", "Can publish, schedule and unpublish a story"),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_status_published"),
            # For the next embargo to lift (``next_boundary()`` below).
            models.Index(fields=["status", "embargo_until"], name="article_status_embargo"),
            # Section pages and the home page's newest stories of each section.
            models.Index(fields=["section", "-published_at"], name="article_section_published"),
            # Reader search (articles.search); on SQLite, where the column stays empty, a plain
            # index.
            GinIndex(fields=["search_vector"], name="article_search_vector"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_article_has_publish_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.headline)[:200]
        self.body = sanitise_body(self.body)
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "published_at" in update_fields:
            # Each quote keeps the story's publish time, to list a person's quotes by it.
            self.quotes.exclude(story_published_at=self.published_at).update(
                story_published_at=self.published_at
            )

    def get_absolute_url(self):
        """The canonical URL (``story_url``); None until the story has a publish time."""
        if self.published_at is None:
            return None
        return story_url(self.slug, self.published_at)

    @property
    def is_public(self) -> bool:
        """Mirrors ``live_q()`` for one object; a test keeps the two in agreement."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def public_updated(self):
        """The time readers are shown as "Updated" (page, JSON-LD, feeds, sitemaps): the public
        update time, never earlier than the publish time; None before the story has one."""
        if self.published_at is None or self.public_updated_at is None:
            return self.published_at
        return max(self.public_updated_at, self.published_at)

    def topics_by_name(self) -> list:
        """The story's topics by name, from the ``listed_topics`` of ``for_listing()``,
        ``for_feed()`` or ``story_page.read()``: taggit's prefetch cannot be given an ordered
        queryset."""
        return sorted(self.listed_topics, key=lambda topic: topic.name)

    def speakers(self) -> list[tuple]:
        """Each speaker once, in order of first appearance: ``(first quote, number of quotes)``.

        Reads ``public_quotes``, which ``story_page.read()`` fills with public speaker fields
        only; name a speaker with the quote's ``attribution()`` and ``speaker_url()``.
        """
        first: dict[tuple, list] = {}
        for quote in self.public_quotes:
            key = (quote.source_id, quote.organisation_id, quote.anonymous_id)
            first.setdefault(key, [quote, 0])[1] += 1
        return [(quote, count) for quote, count in first.values()]

    @property
    def is_scheduled(self) -> bool:
        """Published, but its publish time has not come: shown as "Scheduled" in the admin."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def workflow_label(self) -> str:
        """The status as the admin shows it: "Scheduled" is derived, not stored."""
        if self.is_scheduled:
            return "Scheduled"
        if self.status == self.Status.PUBLISHED and self.is_embargoed:
            return "Published, embargoed"
        return self.get_status_display()

    def publishing_problems(self) -> list[str]:
        """What must be fixed before readers may see this story; empty when it can go out."""
        problems = []
        if not self.headline.strip():
            problems.append("The story has no headline.")
        if not self.paragraphs():
            problems.append("The story has no text.")
        if self.lead_image_id:
            problems += self.lead_image.publishing_problems(role="lead image")
        problems += self.confidential_speaker_problems()
        from articles.sourcing import quote_problems

        return problems + quote_problems(self)

    def confidential_speaker_problems(self) -> list[str]:
        """Quotes and mentions naming a person known only as a confidential identity.

        ``Quote.save`` refuses new ones; this also stops rows written before that rule, or by
        code that skips ``save()``, from reaching readers.
        """
        from sources.models import CONFIDENTIAL_REASON, Source

        if self.pk is None:
            return []
        confidential = Source.objects.known_only_as_identity().values("pk")
        problems = [
            f"The quote in paragraph {paragraph + 1}, “{Truncator(text).chars(60)}”, names a "
            f"person {CONFIDENTIAL_REASON}. Attribute it to the anonymous source."
            for paragraph, text in self.quotes.filter(source__in=confidential)
            .order_by("paragraph", "position")
            .values_list("paragraph", "text")
        ]
        if self.mentions.filter(source__in=confidential).exists():
            problems.append(
                f"A person mentioned in the story is {CONFIDENTIAL_REASON}. Remove the mention."
            )
        return problems

    def paragraphs(self) -> list[str]:
        return body_paragraphs(self.body)


class Correction(models.Model):
    """A dated correction or update note, appended to a published story in public."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.CORRECTION,
        help_text="A correction fixes an error; an update adds new information.",
    )
    text = models.TextField(
        help_text="Shown to readers, e.g. “An earlier version misstated the date of the Moscow meeting.”",
    )
    published_at = models.DateTimeField(
        default=timezone.now, help_text="When the note was made public."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="correction_has_text")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to “{self.article}”"


class ArticleRevision(models.Model):
    """A snapshot of a story's words, kept on every admin save; restoring one adds a new one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the first saved version of the story.")
    content = models.JSONField(
        help_text="Headline, dek, body, quotes and topics as they were at this revision."
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="e.g. “Restored from revision 3”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"Revision {self.number} of “{self.article}”"


class ArticleEvent(models.Model):
    """The audit trail: who did what to a story, when, from which state to which."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40, help_text="e.g. “approve” or “unpublish”.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True, help_text="The editor’s note or reason.")
    revision = models.ForeignKey(
        ArticleRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.action}: {self.from_status} → {self.to_status}"


class ShareLink(models.Model):
    """An expiring, revocable preview link for one story; only a hash of the token is stored."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        max_length=120, blank=True, help_text="Who the link is for, e.g. “Legal review”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text="The link stops working at this time.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview link for “{self.article}”"

    def is_valid(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class SlugRedirect(models.Model):
    """An old slug of a published story, answered with a permanent redirect."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PublicContentQuerySet.as_manager()

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class FrontPageItem(models.Model):
    """An editor's choice for the home page: the first by position is the lead story."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="front_page_item",
        help_text="A published story; a story that stops being public drops off the home page.",
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Order on the home page; the lowest is the lead story, e.g. 0 for the lead, 1–6 for top stories.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "front-page story"
        verbose_name_plural = "front page"
        permissions = [("arrange_front_page", "Can arrange the front page (lead and top stories)")]

    def __str__(self):
        return f"{self.position}: {self.article}"


def next_boundary(now: datetime) -> datetime | None:
    """When public content next changes by itself: the earliest future publish, embargo or
    correction time of a published story (indexed MIN lookups)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    times = [
        published.filter(published_at__gt=now).aggregate(t=Min("published_at"))["t"],
        published.filter(embargo_until__gt=now).aggregate(t=Min("embargo_until"))["t"],
        Correction.objects.filter(
            published_at__gt=now, article__status=Article.Status.PUBLISHED
        ).aggregate(t=Min("published_at"))["t"],
    ]
    return min((t for t in times if t is not None), default=None)


class StateRow(NamedTuple):
    version: int
    changed_at: datetime
    next_boundary_at: datetime | None


class PublicStateManager(models.Manager):
    STATE_PK = 1

    @cached_property
    def _row(self) -> CompiledQuery:
        """The row, compiled once (``newsroom.compiled``): every public request reads it."""
        return CompiledQuery(self.row, fields=StateRow._fields)

    def current(self, *, now: datetime, read: StateRow | None = None) -> StateRow:
        """The row's ``version``, ``changed_at`` and ``next_boundary_at``, made on first use.
        Past ``next_boundary_at`` a scheduled story or embargo has gone live: the version moves
        once (the conditional UPDATE lets only one of several racing workers bump it). ``read``:
        the row as a page's own statement read it (``row()``), spared reading again.
        """
        state = self._read() if read is None else read
        if state is None:
            self._create(now)
            state = self._read()
        if state.next_boundary_at is not None and now >= state.next_boundary_at:
            self.filter(pk=self.STATE_PK, next_boundary_at=state.next_boundary_at).update(
                version=F("version") + 1,
                changed_at=state.next_boundary_at,
                next_boundary_at=next_boundary(now),
            )
            state = self._read()
        return state

    def row(self) -> models.QuerySet:
        """The row. A page may read it in its own statement (``articles.story_page``) and give
        it to ``newsroom.caching.content_state``: one round trip fewer, and the version of that
        statement's own snapshot, as new as the page."""
        return self.filter(pk=self.STATE_PK)

    def _read(self) -> StateRow | None:
        rows = self._row.rows(using=self.db)
        return StateRow(*rows[0]) if rows else None

    def bump(self, *, now: datetime | None = None, times_changed: bool = True) -> None:
        """Public content changed: a new version for every worker.

        Runs in the caller's transaction (one row UPDATE), so the new version becomes visible
        with the change, never before it. ``times_changed`` recomputes the next boundary, needed
        when a story's or correction's publish or embargo time may have moved.
        """
        now = now or timezone.now()
        fields = {"version": F("version") + 1, "changed_at": now}
        if times_changed:
            fields["next_boundary_at"] = next_boundary(now)
        if not self.filter(pk=self.STATE_PK).update(**fields):
            self._create(now)

    def content_changed(self, sender, **kwargs) -> None:
        """``public_content_changed`` receiver (``articles.apps``)."""
        self.bump(times_changed=issubclass(sender, (Article, Correction)))

    def _create(self, now: datetime) -> None:
        try:
            with transaction.atomic():
                self.create(pk=self.STATE_PK, changed_at=now, next_boundary_at=next_boundary(now))
        except IntegrityError:  # another worker created it first
            pass


class PublicState(models.Model):
    """One row (pk 1): the version of everything readers can see, read once per request.

    Page-cache keys, ETags and Last-Modified come from it (``newsroom.caching``). Every change
    readers may see bumps ``version`` (``newsroom.signals.public_content_changed``);
    ``next_boundary_at`` is when the next scheduled story or embargo goes live, so the first
    request after it bumps the version without any write by an editor.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    next_boundary_at = models.DateTimeField(
        null=True, blank=True, help_text="The earliest future publish or embargo time, if any."
    )

    objects = PublicStateManager()

    class Meta:
        verbose_name = "public content state"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="public_state_singleton")
        ]

    def __str__(self):
        return f"Public content version {self.version}"


def _check_level(label: str, default: models.TextChoices, help_text: str) -> models.CharField:
    """A desk check's setting: whether a failing story is blocked or only warned."""
    return models.CharField(
        label, max_length=5, choices=type(default).choices, default=default, help_text=help_text
    )


class DeskChecks(models.Model):
    """One row (pk 1): which of the pre-publication checks (``articles.checks``) stop a story
    and which only warn, for the whole newsroom. Editors change it in the admin ("Desk checks");
    the workflow reads it on every approval, publication and schedule."""

    class Level(models.TextChoices):
        WARN = "warn", "Warn: shown on the checklist, the story may still go out"
        BLOCK = "block", "Block: the story cannot be approved, published or scheduled"

    section = _check_level(
        "section set", Level.WARN, "The story belongs to a desk, e.g. “Pakistan”."
    )
    dek = _check_level("dek present", Level.WARN, "A one-sentence summary under the headline.")
    headline_length = _check_level(
        "headline length", Level.WARN, "The headline is within the limits below."
    )
    imported_marker = _check_level(
        "no “(imported)” in the headline",
        Level.BLOCK,
        "A marker left by pasting or importing copy, never meant for readers.",
    )
    straight_quotes = _check_level(
        "typographic quotation marks",
        Level.WARN,
        "No straight \" or ' from pasted copy in the headline, dek or body: “…” and ’.",
    )
    byline = _check_level(
        "byline", Level.WARN, "A staff byline or a free-text one, e.g. “Our Staff Reporter”."
    )
    images_credited = _check_level(
        "body images credited",
        Level.WARN,
        "Every picture in the body has a credit in the image library.",
    )
    headline_min_length = models.PositiveSmallIntegerField(
        "shortest headline (characters)",
        default=20,
        help_text="Fewest characters in a headline, e.g. 20.",
    )
    headline_max_length = models.PositiveSmallIntegerField(
        "longest headline (characters)",
        default=100,
        help_text="Most characters in a headline, e.g. 100 (search results cut longer ones).",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = "desk checks"
        verbose_name_plural = "desk checks"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="desk_checks_singleton"),
            models.CheckConstraint(
                condition=models.Q(headline_min_length__lte=models.F("headline_max_length")),
                name="desk_checks_headline_limits_in_order",
            ),
        ]

    def __str__(self):
        return "Desk checks"

    @classmethod
    def load(cls) -> DeskChecks:
        """The newsroom's settings; the defaults until an editor first saves them."""
        return cls.objects.get_or_create(pk=1)[0]

    def clean(self):
        if self.headline_min_length > self.headline_max_length:
            raise ValidationError(
                {"headline_max_length": "The longest headline cannot be shorter than the shortest."}
            )
