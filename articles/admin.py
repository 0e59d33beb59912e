"""The back office for stories, as configuration: what the lists and forms show, who may do
what (asked of ``articles.permissions``) and a few named actions.

Status is never a form field: every change of state goes through ``articles.workflow``, from the
bulk actions below and from the workflow's own pages (``articles.admin_views``). The story form
is in ``articles.forms``; its quotes, anonymous sources and mentions are the inlines of
``articles.admin_inlines``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from taggit.models import Tag

from articles import admin_views, permissions, revisions, workflow
from articles.admin_inlines import (
    AnonymousAttributionInline,
    MentionInline,
    QuoteInline,
    log_story_identities,
)
from articles.forms import ArticleAdminForm, TopicAdminForm, link_new_attributions
from articles.models import (
    Article,
    Author,
    Correction,
    DeskChecks,
    FrontPageItem,
    Section,
    SlugRedirect,
    TaggedArticle,
    Topic,
)
from articles.sourcing import sourcing_report
from images.renditions import get_rendition, srcset_specs

S = Article.Status

# Stories are tagged with ``Topic``; taggit's own, unused ``Tag`` would be a second "Topics".
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    autocomplete_fields = ["user"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug", "story_count"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    ordering = ["name"]
    actions = ["merge_topics"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("tagged_articles"))

    @admin.display(description="Stories", ordering="story_count")
    def story_count(self, topic):
        return topic.story_count

    def has_merge_permission(self, request):
        return request.user.has_perms(["articles.change_topic", "articles.delete_topic"])

    @admin.action(permissions=["merge"], description="Merge selected topics into the oldest one")
    def merge_topics(self, request, queryset):
        topics = list(queryset.order_by("pk"))
        if len(topics) < 2:
            self.message_user(request, "Choose at least two topics to merge.", messages.WARNING)
            return
        kept, others = topics[0], topics[1:]
        with transaction.atomic():
            for topic in others:
                for tagged in TaggedArticle.objects.filter(tag=topic):
                    if TaggedArticle.objects.filter(
                        tag=kept, content_object_id=tagged.content_object_id
                    ).exists():
                        tagged.delete()
                    else:
                        tagged.tag = kept
                        tagged.save(update_fields=["tag"])
            self.log_change(request, kept, f"Merged topics: {', '.join(map(str, others))}")
            self.log_deletions(request, Topic.objects.filter(pk__in=[t.pk for t in others]))
            Topic.objects.filter(pk__in=[t.pk for t in others]).delete()
        names = ", ".join(str(topic) for topic in others)
        self.message_user(request, f"Merged {names} into “{kept}”.", messages.SUCCESS)


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*S.choices[:4], ("scheduled", "Scheduled"), *S.choices[4:]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == S.PUBLISHED:  # what readers see: the public rule, embargoes included
            return queryset.published()
        if value in S.values:
            return queryset.filter(status=value)
        return queryset


class MyStoriesFilter(admin.SimpleListFilter):
    title = "whose"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "My stories")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(pk__in=Article.objects.owned_by(request.user).values("pk"))
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Topic.objects.values_list("slug", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(topics__slug=self.value())
        return queryset


@admin.register(FrontPageItem)
class FrontPageItemAdmin(admin.ModelAdmin):
    """Editors choose and order the lead story and the top stories of the home page."""

    list_display = ["position", "article", "is_public"]
    list_display_links = ["article"]
    list_editable = ["position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="Public?")
    def is_public(self, item):
        return item.article.is_public

    def has_module_permission(self, request):
        return permissions.can_arrange_front_page(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_arrange_front_page(request.user)

    def has_add_permission(self, request):
        return permissions.can_arrange_front_page(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_arrange_front_page(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_arrange_front_page(request.user)


@admin.register(DeskChecks)
class DeskChecksAdmin(admin.ModelAdmin):
    """One page of newsroom-wide settings: which pre-publication checks block (``articles.checks``)."""

    fieldsets = [
        (
            "Which checks block a story",
            {
                "fields": [
                    "section",
                    "dek",
                    "headline_length",
                    "imported_marker",
                    "straight_quotes",
                    "byline",
                    "images_credited",
                ],
                "description": (
                    "A blocking check stops approval, publication and scheduling until it "
                    "passes; a warning is shown on the checklist only. A quote missing from "
                    "the body, a lead image without alt text or credit and a confidential "
                    "identity named in a quote always block."
                ),
            },
        ),
        ("Headline limits", {"fields": ["headline_min_length", "headline_max_length"]}),
        (None, {"fields": ["updated_at", "updated_by"]}),
    ]
    readonly_fields = ["updated_at", "updated_by"]

    def has_module_permission(self, request):
        return permissions.can_set_desk_checks(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_set_desk_checks(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_set_desk_checks(request.user)

    def has_add_permission(self, request):
        return False  # one row, made by ``DeskChecks.load``

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is nothing to list: the admin's "Desk checks" link opens the settings."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(
            reverse("admin:articles_deskchecks_change", args=[DeskChecks.load().pk])
        )

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


HEADLINE_SHOWN = 90  # characters in the story list; two lines of its column at 1280 px


def _short_time(moment) -> str:
    """A list cell's time, in the newsroom's zone: "4 Dec 2026 16:20" (the year matters in an
    archive), wrapped only between the date and the time."""
    local = timezone.localtime(moment)
    return format_html(
        '<span class="nowrap">{}</span> <span class="nowrap">{}</span>',
        date_format(local, "j M Y"),
        date_format(local, "H:i"),
    )


class EditRefused(Exception):
    """``workflow.after_edit`` refused a save; raised out of the admin's transaction to undo it."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


class CorrectionInline(admin.TabularInline):
    """Read-only here: notes are added with the “Add a correction” button (workflow.correct)."""

    model = Correction
    extra = 0
    fields = ["published_at", "kind", "text", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        css = {"all": ["articles/story-admin.css"]}

    # Six narrow columns fit 1280 px beside the filters: the headline is cut to two lines (the
    # whole of it in its title), the publish time and embargo sit with the status, dates are
    # short (static/articles/story-admin.css).
    list_display = [
        "headline_cell",
        "status_label",
        "section",
        "authors_list",
        "modified",
        "is_public",
    ]
    list_display_links = ["headline_cell"]
    list_filter = [MyStoriesFilter, StatusFilter, "section", TopicFilter, "authors"]
    list_select_related = ["section"]
    search_fields = [
        "headline",
        "dek",
        "body",
        "quotes__source__name",
        "quotes__organisation__name",
    ]
    date_hierarchy = "published_at"
    show_full_result_count = False  # a filtered list would count the whole archive a second time
    list_per_page = 50  # as Wagtail's explorer: each row costs, and nobody reads a hundred
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "lead_image"]
    # Anonymous sources before quotes: a quote may name one added in the same save.
    inlines = [AnonymousAttributionInline, QuoteInline, MentionInline, CorrectionInline]
    # No bulk approval: an approval names the version of the story its editor read.
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    PUBLICATION = [
        "status_label",
        "published_at",
        "public_updated_at",
        "owner",
        "modified_by",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        ("Embargo", {"fields": ["embargo_until"]}),
        (None, {"fields": ["headline", "slug", "dek", "dateline", "section"]}),
        ("Byline", {"fields": ["authors", "byline_text", "credit"]}),
        (None, {"fields": ["lead_image", "lead_image_preview", "body", "topics", "edit_version"]}),
        ("Sourcing", {"fields": ["sourcing_panel"]}),
        ("Publication", {"fields": PUBLICATION}),
    ]
    # Status and publish times change only through the workflow's pages.
    readonly_fields = ["lead_image_preview", "sourcing_panel", *PUBLICATION]
    PUBLIC_UPDATE_FIELDSET = (
        "Correction or update",
        {
            "fields": ["update_kind", "update_note"],
            "description": (
                "This story is public. Changes to its headline, dek, body or quotes are saved "
                "only with a note readers will see; other fields need none."
            ),
        },
    )

    # --- object rules ---------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors")
        rule = permissions.visible_articles_q(request.user)
        if rule is not None:
            queryset = queryset.filter(pk__in=Article.objects.filter(rule).values("pk"))
        return queryset

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return permissions.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_delete(request.user, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The admin's saves, under the workflow's events with their notes (the audit trail)."""
        article = self.get_object(request, object_id)
        if article is not None and not permissions.can_view_history(request.user, article):
            raise PermissionDenied
        if article is not None:
            events = article.events.select_related("actor")
            extra_context = {**(extra_context or {}), "events": events}
        return super().history_view(request, object_id, extra_context)

    def delete_queryset(self, request, queryset):
        """Bulk delete checks every story, not just the model permission."""
        if not all(permissions.can_delete(request.user, article) for article in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None or not permissions.can_schedule(request.user, obj):
            return [*readonly, "embargo_until"]  # a new story is its creator's own: four eyes
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj):  # read-only: no version to carry
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "edit_version"]})
                for name, opts in fieldsets
            ]
        elif obj is not None and obj.is_public:
            fieldsets = [self.PUBLIC_UPDATE_FIELDSET, *fieldsets]
        if obj is None:
            return [(name, opts) for name, opts in fieldsets if name != "Sourcing"]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "edit_refused", None)
        if refusal:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    def get_object(self, request, object_id, from_field=None):
        """On a save, lock the row for the rest of the request (the admin's own transaction)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            obj = Article.objects.select_for_update().get(pk=obj.pk)
        return obj

    # --- list columns and panels ----------------------------------------------------------

    @admin.display(description="Lead image preview")
    def lead_image_preview(self, article):
        """A thumbnail of the chosen lead image, with what still blocks publishing it."""
        image = article.lead_image
        if image is None:
            return "No lead image. Choose one from the library, or upload a new one with “+”."
        thumbnail = get_rendition(image, srcset_specs(image, "jpeg")[0])
        problems = image.publishing_problems(role="lead image")
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" style="max-width:240px;height:auto">{}',
            thumbnail.url,
            thumbnail.width,
            thumbnail.height,
            image.alt_text,
            format_html_join("", '<p class="errornote">{}</p>', ((p,) for p in problems)),
        )

    @admin.display(description="Headline", ordering="headline")
    def headline_cell(self, article):
        return format_html(
            '<span class="story-headline" title="{}">{}</span>',
            article.headline,
            Truncator(article.headline).chars(HEADLINE_SHOWN),
        )

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        """The workflow's label, with when the story went or goes live and any embargo."""
        lines = [article.workflow_label]
        if article.published_at and article.status == S.PUBLISHED:
            lines.append(_short_time(article.published_at))
        if article.embargo_until:
            lines.append(self.embargo(article))
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))

    @admin.display(description="Changed", ordering="modified_at")
    def modified(self, article):
        return _short_time(article.modified_at)

    @admin.display(description="Authors")
    def authors_list(self, article):
        return ", ".join(author.name for author in article.authors.all()) or article.byline_text

    def embargo(self, article):
        if not article.embargo_until:
            return ""
        when = _short_time(article.embargo_until)
        if article.is_embargoed:
            return format_html('<strong style="color:#ba2121">⛔ until {}</strong>', when)
        return format_html("embargo passed ({})", when)

    @admin.display(boolean=True, description="Public?")
    def is_public(self, article):
        return article.is_public

    @admin.display(description="Sourcing")
    def sourcing_panel(self, article):
        return render_to_string(
            "admin/articles/article/_sourcing_panel.html", {"report": sourcing_report(article)}
        )

    # --- saving ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        embargo_changed = change and "embargo_until" in form.changed_data
        if embargo_changed:
            new_embargo = obj.embargo_until
            obj.embargo_until = form.initial.get("embargo_until")
        if change and "slug" in form.changed_data and obj.published_at:
            old_slug = form.initial["slug"]
            SlugRedirect.objects.filter(old_slug=obj.slug).delete()
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": obj})
        if change:  # the words as they were, for ``workflow.after_edit`` (the row is locked)
            form.words_before = revisions.snapshot(Article.objects.get(pk=obj.pk))
        obj.version = (obj.version or 0) + 1
        obj.modified_by = request.user
        super().save_model(request, obj, form, change)
        if embargo_changed:
            workflow.set_embargo(obj, by=request.user, until=new_embargo)

    def save_related(self, request, form, formsets, change):
        link_new_attributions(formsets)  # quotes may name anonymous sources saved with them
        try:
            super().save_related(request, form, formsets, change)
        except ValidationError as error:
            raise EditRefused(error.messages) from error
        article = form.instance
        outcome = None
        if change:
            try:
                outcome = workflow.after_edit(
                    article,
                    by=request.user,
                    before=form.words_before,
                    note=form.cleaned_data.get("update_note", ""),
                    kind=form.cleaned_data.get("update_kind") or Correction.Kind.CORRECTION,
                )
            except (PermissionDenied, ValidationError) as error:
                raise EditRefused(getattr(error, "messages", None) or [str(error)]) from error
        revisions.record(article, by=request.user)
        if outcome == "reopen":
            self.message_user(
                request,
                "The words changed after approval, so the story is back in review and any "
                "publish time still to come is cleared. Another editor must approve your change.",
                messages.WARNING,
            )
        elif outcome == "correct":
            self.message_user(request, "Published with your note; readers see it as updated.")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save ``workflow.after_edit`` refuses is rolled back and the form comes back with
        what the editor typed and why (``ArticleAdminForm.refusal``)."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditRefused as refused:
            request.edit_refused = refused.messages
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            may_change = self.has_change_permission(request, obj)
            log_story_identities(request, obj, may_change=may_change)
            context["workflow_panel"] = admin_views.workflow_panel(request, obj)
            context["sent_back_event"] = workflow.sent_back_notes([obj]).get(obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- bulk actions, each story through the workflow -----------------------------------

    def _bulk(self, request, queryset, label, run):
        done, refused = [], []
        for article in queryset:
            try:
                run(article)
                done.append(article)
            except (PermissionDenied, ValidationError) as error:
                refused.append(" ".join(getattr(error, "messages", [str(error)])))
        if done:
            self.message_user(
                request, f"{label}: {len(done)} stor{'y' if len(done) == 1 else 'ies'}."
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(permissions=["submit"], description="Submit selected stories for review")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "Submitted", lambda a: workflow.submit(a, by=request.user))

    @admin.action(permissions=["publish"], description="Publish selected stories now")
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "Published", lambda a: workflow.publish(a, by=request.user))

    @admin.action(permissions=["publish"], description="Unpublish selected stories (silently)")
    def unpublish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "Unpublished",
            lambda a: workflow.unpublish(a, by=request.user, reason="Unpublished from the list."),
        )

    def get_urls(self):
        return [*admin_views.urls(self), *super().get_urls()]
