"""The back office: configuration plus small named views, all going through the workflow.

Status never comes from a form: it is not a form field, and every change goes through
``articles.workflow``. Object rules (own story or another's) come from ``articles.permissions``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import permissions, preview, revisions, workflow
from articles.models import (
    Article,
    ArticleRevision,
    Author,
    Correction,
    Section,
    ShareLink,
    SlugRedirect,
    TaggedArticle,
    Topic,
)
from articles.sourcing import sourcing_report
from articles.widgets import TopicAutocompleteWidget, TopicNamesField
from images.renditions import get_rendition, srcset_specs
from newsroom.site_url import absolute_url
from sources.admin import AnonymousAttributionInline, MentionInline, QuoteInline, log_identity_views
from sources.models import AnonymousAttribution

S = Article.Status


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
        if value == S.PUBLISHED:
            return queryset.filter(status=S.PUBLISHED, published_at__lte=timezone.now())
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


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor started from, so a later save cannot silently win, and
    for a public story the correction or update note its changed words go out with."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    update_kind = forms.ChoiceField(
        label="Kind",
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        required=False,
    )
    update_note = forms.CharField(
        label="Note readers will see",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Needed to change the headline, dek, body or quotes of this public story: it is "
            "published with the change and the story shows “Updated” with its time, e.g. "
            "“An earlier version misstated the date of the Moscow meeting.”"
        ),
    )
    #: Why ``workflow.after_edit`` refused the last attempt to save this form (it was rolled back).
    refusal: list[str] = []

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "dateline", "section", "authors", "byline_text",
            "credit", "lead_image", "body", "topics", "embargo_until",
        ]  # fmt: skip
        labels = {"topics": "Topics"}
        widgets = {"topics": TopicAutocompleteWidget}
        field_classes = {"topics": TopicNamesField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.refusal:
            raise ValidationError(self.refusal)
        if self.instance.pk and cleaned.get("edit_version") != self.instance.version:
            editor = self.instance.modified_by
            who = (editor.get_full_name() or editor.username) if editor else "Someone"
            when = timezone.localtime(self.instance.modified_at).strftime("%d %b %Y, %H:%M")
            raise ValidationError(
                f"{who} changed this story at {when}, after you opened it. Your text is kept "
                "below: copy what you need, reload the story and apply your changes again."
            )
        return cleaned


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
    list_display = [
        "headline",
        "status_label",
        "section",
        "authors_list",
        "modified_at",
        "published_at",
        "embargo",
        "is_public",
    ]
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
    list_per_page = 50  # as Wagtail's explorer; Django's 100 rows were half the page's time
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "lead_image"]
    inlines = [AnonymousAttributionInline, QuoteInline, MentionInline, CorrectionInline]
    # No bulk approval: an approval names the version of the story its editor read.
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]
    fieldsets = [
        ("Embargo", {"fields": ["embargo_until"]}),
        (None, {"fields": ["headline", "slug", "dek", "dateline", "section"]}),
        ("Byline", {"fields": ["authors", "byline_text", "credit"]}),
        (None, {"fields": ["lead_image", "lead_image_preview", "body", "topics", "edit_version"]}),
        ("Sourcing", {"fields": ["sourcing_panel"]}),
        (
            "Publication",
            {
                "fields": [
                    "status_label",
                    "published_at",
                    "public_updated_at",
                    "owner",
                    "modified_by",
                    "created_at",
                    "modified_at",
                ]
            },
        ),
    ]
    ALWAYS_READONLY = [
        "lead_image_preview",
        "sourcing_panel",
        "status_label",
        "published_at",
        "public_updated_at",
        "owner",
        "modified_by",
        "created_at",
        "modified_at",
    ]

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
        article = self.get_object(request, object_id)
        if article is not None and not permissions.can_view_history(request.user, article):
            raise PermissionDenied
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
        readonly = list(self.ALWAYS_READONLY)
        if obj is None or not permissions.can_schedule(request.user, obj):
            readonly.append("embargo_until")  # a new story is its creator's own: four eyes
        return readonly

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

    @admin.display(description="Status", ordering="status")
    def status_label(self, article):
        return article.workflow_label

    @admin.display(description="Authors")
    def authors_list(self, article):
        return ", ".join(author.name for author in article.authors.all()) or article.byline_text

    @admin.display(description="Embargo", ordering="embargo_until")
    def embargo(self, article):
        if not article.embargo_until:
            return ""
        when = timezone.localtime(article.embargo_until).strftime("%d %b %Y %H:%M")
        if article.is_embargoed:
            return format_html('<strong style="color:#ba2121">⛔ until {}</strong>', when)
        return f"passed ({when})"

    @admin.display(boolean=True, description="Public?")
    def is_public(self, article):
        return article.is_public

    @admin.display(description="Sourcing")
    def sourcing_panel(self, article):
        return render_to_string(
            "admin/articles/article/_sourcing_panel.html", {"report": sourcing_report(article)}
        )

    def workflow_panel(self, request, article):
        """State, embargo, the transitions this user may make now, recent events, share links."""
        is_editor = permissions.is_editor(request.user)
        actions = [
            (
                reverse("admin:articles_article_transition", args=[article.pk, action]),
                workflow.ACTION_LABELS[action].capitalize(),
            )
            for action in workflow.allowed_actions(article, by=request.user)
        ]
        return render_to_string(
            "admin/articles/article/_workflow_panel.html",
            {
                "article": article,
                "actions": actions,
                "events": (
                    article.events.select_related("actor")[:8]
                    if permissions.can_view_history(request.user, article)
                    else []
                ),
                "can_preview": permissions.can_preview(request.user, article),
                "can_share": is_editor and preview.shareable(article),
                "share_links": article.share_links.all() if is_editor else [],
                "now": timezone.now(),
            },
            request=request,
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
        super().save_related(request, form, formsets, change)
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
            attributions = AnonymousAttribution.objects.filter(
                article=obj, identity__isnull=False
            ).select_related("identity")
            log_identity_views(
                request,
                [
                    (a.identity, a)
                    for a in attributions
                    if permissions.can_see_identity(request.user, a.identity)
                    and (
                        request.user.has_perm("sources.view_confidential_identity")
                        or self.has_change_permission(request, obj)
                    )
                ],
            )
            context["workflow_panel"] = self.workflow_panel(request, obj)
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

    # --- small named views -----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/workflow/<str:action>/",
                view(self.transition_view),
                name="articles_article_transition",
            ),
            path("<int:pk>/preview/", view(self.preview_view), name="articles_article_preview"),
            path(
                "<int:pk>/revisions/", view(self.revisions_view), name="articles_article_revisions"
            ),
            path(
                "<int:pk>/revisions/<int:number>/restore/",
                view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/revisions/<int:number>/publish/",
                view(self.publish_revision_view),
                name="articles_article_publish_revision",
            ),
            path(
                "<int:pk>/share/",
                view(require_POST(self.share_view)),
                name="articles_article_share",
            ),
            path(
                "<int:pk>/share/<int:link>/revoke/",
                view(require_POST(self.revoke_view)),
                name="articles_article_revoke",
            ),
            *super().get_urls(),
        ]

    def _article(self, request, pk) -> Article:
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def transition_view(self, request, pk, action):
        article = self._article(request, pk)
        if action not in workflow.TRANSITIONS or action == "reopen":
            raise PermissionDenied
        try:
            workflow.check(action, article, by=request.user)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _message(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        form_class = TRANSITION_FORMS.get(action, NoteForm)
        form = form_class(request.POST if request.method == "POST" else None, article=article)
        if request.method == "POST" and form.is_valid():
            try:
                form.run(article, by=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, _message(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Done: {workflow.ACTION_LABELS[action]} “{article}”.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{workflow.ACTION_LABELS[action].capitalize()}: {article}",
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "report": sourcing_report(article) if action == "approve" else None,
            "shown": article if action == "approve" else None,
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def preview_view(self, request, pk):
        article = self._article(request, pk)
        if not permissions.can_preview(request.user, article):
            raise PermissionDenied
        return preview.render_preview(request, article)

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        if not permissions.can_view_history(request.user, article):
            raise PermissionDenied
        history = list(article.revisions.select_related("created_by"))
        diff = None
        old_number, new_number = request.GET.get("a", ""), request.GET.get("b", "")
        if old_number.isdigit() and new_number.isdigit():
            old = get_object_or_404(ArticleRevision, article=article, number=old_number)
            new = get_object_or_404(ArticleRevision, article=article, number=new_number)
            diff = revisions.html_diff(old, new)
        if article.is_public and "correct" in workflow.allowed_actions(article, by=request.user):
            live = revisions.text_of(revisions.snapshot(article))
            for revision in history:
                revision.publishable = revisions.text_of(revision.content) != live
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revisions of “{article}”",
            "article": article,
            "history": history,
            "diff": diff,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, pk, number):
        article = self._article(request, pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        status_before = article.status
        restored = workflow.restore(revision, by=request.user)
        new = restored.revision
        if restored.held:
            self.message_user(
                request,
                f"Restored revision {number} as revision {new.number}. The story is public, so "
                "readers still see the current words: publish revision "
                f"{new.number} with a correction or update note to change them.",
                messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_publish_revision", args=[pk, new.number])
            )
        self.message_user(request, f"Restored revision {number} as revision {new.number}.")
        for text in restored.skipped:
            self.message_user(
                request,
                f"Quote not restored (speaker deleted, or confidential): {text}",
                messages.WARNING,
            )
        article.refresh_from_db()
        if article.status != status_before:
            self.message_user(
                request, f"The story is {article.workflow_label.lower()} again.", messages.WARNING
            )
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[pk]))

    def publish_revision_view(self, request, pk, number):
        """A held revision of a public story goes live here, with the note readers see."""
        article = self._article(request, pk)
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        try:
            workflow.check("correct", article, by=request.user)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _message(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        form = CorrectForm(request.POST if request.method == "POST" else None, article=article)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.publish_revision(
                    revision,
                    by=request.user,
                    text=form.cleaned_data["note"],
                    kind=form.cleaned_data["kind"],
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, _message(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[pk]))
            self.message_user(request, f"Published revision {number} with your note.")
            return HttpResponseRedirect(self._change_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Publish revision {number} of “{article}”",
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "diff": revisions.html_diff_content(
                revisions.snapshot(article), revision.content, "Live now", f"Revision {number}"
            ),
        }
        return TemplateResponse(request, "admin/articles/article/transition.html", context)

    def share_view(self, request, pk):
        article = self._article(request, pk)
        if not permissions.is_editor(request.user):
            raise PermissionDenied
        try:
            days = min(max(int(request.POST.get("days") or 3), 1), 30)
        except ValueError:
            days = 3
        try:
            link, token = preview.create_share_link(
                article, by=request.user, days=days, label=request.POST.get("label", "")[:120]
            )
        except ValidationError as error:
            self.message_user(request, _message(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        url = absolute_url(request, reverse("shared_preview", args=[token]))
        self.message_user(
            request,
            f"Share this preview link (it is shown only once, valid until "
            f"{timezone.localtime(link.expires_at):%d %b %Y %H:%M}): {url}",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))

    def revoke_view(self, request, pk, link):
        article = self._article(request, pk)
        if not permissions.is_editor(request.user):
            raise PermissionDenied
        share = get_object_or_404(ShareLink, article=article, pk=link)
        preview.revoke_share_link(share, by=request.user)
        self.message_user(request, "Preview link revoked.")
        return HttpResponseRedirect(self._change_url(article))


def _message(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    action = None

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def run(self, article, *, by):
        function = getattr(workflow, self.action_name)
        return function(article, by=by, note=self.cleaned_data["note"])


def _note_form(action):
    return type(f"{action.title()}Form", (NoteForm,), {"action_name": action})


class SendBackForm(NoteForm):
    note = forms.CharField(
        label="Note to the journalist",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What needs fixing, e.g. “Second source for the Moscow claim, please.”",
    )

    def run(self, article, *, by):
        return workflow.send_back(article, by=by, note=self.cleaned_data["note"])


class ApproveForm(NoteForm):
    confirm_anonymous_sources = forms.BooleanField(
        label="I know who the anonymous sources are", required=False
    )
    # The version of the story this page showed: the approval covers that and nothing else.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, article=article, **kwargs)
        self.fields["version"].initial = article.version
        if not workflow.anonymous_quote_count(article):
            del self.fields["confirm_anonymous_sources"]

    def run(self, article, *, by):
        return workflow.approve(
            article,
            by=by,
            version=self.cleaned_data["version"],
            confirm_anonymous_sources=self.cleaned_data.get("confirm_anonymous_sources", False),
            note=self.cleaned_data["note"],
        )


class PublishForm(NoteForm):
    at = forms.SplitDateTimeField(
        label="Publish at",
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text="Leave empty to publish now; a future time schedules the story.",
    )

    def run(self, article, *, by):
        return workflow.publish(article, by=by, at=self.cleaned_data["at"])


class ScheduleForm(NoteForm):
    at = forms.SplitDateTimeField(label="Publish at", widget=widgets.AdminSplitDateTime)

    def run(self, article, *, by):
        return workflow.schedule(article, by=by, at=self.cleaned_data["at"])


class UnpublishForm(NoteForm):
    note = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the log; shown to readers only for a retraction.",
    )
    retract = forms.BooleanField(
        label="Public retraction (the URL answers 410 with the reason)", required=False
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, article=article, **kwargs)
        if not article.is_public:  # readers never saw it: nothing to retract (workflow.unpublish)
            del self.fields["retract"]

    def run(self, article, *, by):
        return workflow.unpublish(
            article,
            by=by,
            reason=self.cleaned_data["note"],
            retract=self.cleaned_data.get("retract", False),
        )


class CorrectForm(NoteForm):
    kind = forms.ChoiceField(choices=Correction.Kind.choices)
    note = forms.CharField(
        label="Text readers will see",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. “An earlier version misstated the date of the Moscow meeting.”",
    )

    def run(self, article, *, by):
        return workflow.correct(
            article, by=by, text=self.cleaned_data["note"], kind=self.cleaned_data["kind"]
        )


TRANSITION_FORMS = {
    "submit": _note_form("submit"),
    "withdraw": _note_form("withdraw"),
    "republish": _note_form("republish"),
    "send_back": SendBackForm,
    "approve": ApproveForm,
    "publish": PublishForm,
    "schedule": ScheduleForm,
    "unpublish": UnpublishForm,
    "correct": CorrectForm,
}


import articles.admin_front_page  # noqa: E402, F401  (front-page curation, issue #6)
