from django.contrib import admin

from sources.models import AnonymousAttribution, Mention, Organisation, Quote, Source


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
    fieldsets = [
        (None, {"fields": ["name", "slug", "honorific", "title", "organisation", "kind", "bio"]}),
        ("Staff only", {"fields": ["phone", "email", "private_notes"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    ordering = ["paragraph", "position"]
    autocomplete_fields = ["source", "organisation"]
    fields = [
        ("paragraph", "position", "is_direct"),
        "text",
        ("source", "organisation", "anonymous"),
        ("speaker_title", "speaker_organisation"),
        "context",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "anonymous":
            article_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AnonymousAttribution.objects.filter(article_id=article_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AnonymousAttributionInline(admin.StackedInline):
    model = AnonymousAttribution
    extra = 0
    autocomplete_fields = ["organisation", "identity"]
    fields = [("description", "organisation"), "reason", "identity"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["source", "organisation"]
