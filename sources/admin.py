"""Sources in the back office. Confidential identities and contact details are shown only to
those ``sources.permissions.can_see_identity`` allows, and every showing is logged."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import transaction

from sources import permissions
from sources.models import (
    AnonymousAttribution,
    IdentityAccessLog,
    Mention,
    Organisation,
    Quote,
    Source,
)
from sources.querysets import STAFF_ONLY_SOURCE_FIELDS


def log_identity_views(request, shown) -> None:
    """Record that ``request.user`` was shown each ``(source, attribution)`` pair, and where
    (with the query string: an autocomplete's field and search term say what was asked)."""
    where = request.get_full_path()[:300]
    IdentityAccessLog.objects.bulk_create(
        IdentityAccessLog(user=request.user, source=source, attribution=attribution, where=where)
        for source, attribution in shown
    )


def log_confidential_names(request, sources) -> None:
    """Log each person known only as a confidential identity among the ``sources`` a list or an
    autocomplete shows: their name is the identity. Public people are not logged."""
    shown = [source.pk for source in sources]
    if shown:
        confidential = Source.objects.filter(pk__in=shown).known_only_as_identity()
        log_identity_views(request, [(source, None) for source in confidential])


def autocomplete_field(request) -> str | None:
    """``app_label.model_name.field_name`` an admin autocomplete request is for, else ``None``."""
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return None
    return ".".join(request.GET.get(key, "") for key in ("app_label", "model_name", "field_name"))


IDENTITY_FIELD = "sources.anonymousattribution.identity"


class LoggedPaginator(Paginator):
    """An autocomplete's pages of sources, each confidential name on them logged as it is shown."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def page(self, number):
        page = super().page(number)
        page.object_list = list(page.object_list)
        log_confidential_names(self.request, page.object_list)
        return page


class SourceForm(forms.ModelForm):
    """A slug held by someone the user may not list is not reported as taken (that would confirm
    a guessed confidential name): ``SourceAdmin.save_model`` frees it instead."""

    listable = None  # the user's ``listable_sources_q``, set by ``SourceAdmin.get_form``

    def validate_unique(self):
        exclude = self._get_validation_exclusions()
        slug = self.cleaned_data.get("slug")
        if (
            self.listable is not None
            and slug
            and Source.objects.filter(slug=slug).exclude(self.listable).exists()
        ):
            exclude.add("slug")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    search_fields = ["name", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "title", "organisation", "kind"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "title", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    actions = ["merge_sources"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "honorific", "title", "organisation", "kind", "bio"]}),
        ("Staff only", {"fields": STAFF_ONLY_SOURCE_FIELDS}),
    ]

    form = SourceForm

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        rule = permissions.listable_sources_q(request.user)
        return queryset if rule is None else queryset.filter(rule)

    def _may_see(self, request, obj) -> bool:
        if obj is None:  # a new source: its creator will be the user
            return True
        return permissions.can_see_identity(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._may_see(request, obj):
            return fieldsets
        return [(name, opts) for name, opts in fieldsets if name != "Staff only"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._may_see(request, obj):
            return fields
        return [name for name in fields if name not in STAFF_ONLY_SOURCE_FIELDS]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not self._may_see(request, obj):
            kwargs["exclude"] = [*(kwargs.get("exclude") or []), *STAFF_ONLY_SOURCE_FIELDS]
        form = super().get_form(request, obj, change, **kwargs)
        return type(
            form.__name__, (form,), {"listable": permissions.listable_sources_q(request.user)}
        )

    def get_search_results(self, request, queryset, search_term):
        """An autocomplete offers what the user may choose for its field (``choosable_sources_q``):
        the identity field, sources whose identity they may see; any other, people who may be
        named on the record."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        field = autocomplete_field(request)
        if field is not None:
            rule = permissions.choosable_sources_q(
                request.user, as_identity=field == IDENTITY_FIELD
            )
            if rule is not None:
                queryset = queryset.filter(rule)
        return queryset, may_have_duplicates

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if autocomplete_field(request) is None:
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        return LoggedPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page=allow_empty_first_page,
            request=request,
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            log_confidential_names(request, changelist.result_list)  # the page, read once
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("object")
        if shown is not None:
            log_confidential_names(request, [shown])
        return response

    def render_delete_form(self, request, context):
        log_confidential_names(request, [context["object"]])
        return super().render_delete_form(request, context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self._may_see(request, obj):
            log_identity_views(request, [(obj, None)])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not change or "slug" in form.changed_data:
            Source.objects.release_hidden_slug(obj.slug, listable=form.listable)
        super().save_model(request, obj, form, change)

    def has_merge_permission(self, request):
        return request.user.has_perms(["sources.change_source", "sources.delete_source"])

    @admin.action(
        permissions=["merge"], description="Merge selected duplicates into the oldest named one"
    )
    def merge_sources(self, request, queryset):
        """Keep the oldest, except that a person named on the record is kept over one known only
        as a confidential identity: their quotes must never move to the confidential name."""
        confidential = set(queryset.known_only_as_identity().values_list("pk", flat=True))
        sources = sorted(queryset, key=lambda source: (source.pk in confidential, source.pk))
        if len(sources) < 2:
            self.message_user(request, "Choose at least two sources to merge.", messages.WARNING)
            return
        kept, duplicates = sources[0], sources[1:]
        with transaction.atomic():
            for duplicate in duplicates:
                Quote.objects.filter(source=duplicate).update(source=kept)
                AnonymousAttribution.objects.filter(identity=duplicate).update(identity=kept)
                for mention in Mention.objects.filter(source=duplicate):
                    if Mention.objects.filter(article_id=mention.article_id, source=kept).exists():
                        mention.delete()
                    else:
                        mention.source = kept
                        mention.save(update_fields=["source"])
                self.log_change(
                    request, kept, f"Merged duplicate “{duplicate.name}” (#{duplicate.pk})"
                )
            self.log_deletions(request, Source.objects.filter(pk__in=[d.pk for d in duplicates]))
            Source.objects.filter(pk__in=[d.pk for d in duplicates]).delete()
        self.message_user(
            request,
            f"Merged {len(duplicates)} duplicate(s) into “{kept.name}”; their quotes, mentions "
            "and anonymous identity links now point to it.",
            messages.SUCCESS,
        )


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "source", "attribution", "where"]
    list_filter = ["user"]
    list_select_related = ["user", "source", "attribution"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
