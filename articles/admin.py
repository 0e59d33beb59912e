from django.contrib import admin

from articles.models import Article, Author, Section, Topic
from sources.admin import AnonymousAttributionInline, MentionInline, QuoteInline


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
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "section", "published_at", "modified_at", "is_public"]
    list_filter = ["status", "section", "authors"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "lead_image"]
    readonly_fields = ["status", "owner", "created_at", "modified_at"]
    inlines = [AnonymousAttributionInline, QuoteInline, MentionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "dateline", "section"]}),
        ("Byline", {"fields": ["authors", "byline_text", "credit"]}),
        (None, {"fields": ["lead_image", "body", "topics"]}),
        (
            "Publication",
            {"fields": ["status", "published_at", "embargo_until", "public_updated_at", "owner"]},
        ),
    ]

    @admin.display(boolean=True, description="Public?")
    def is_public(self, article):
        return article.is_public

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


import articles.admin_front_page  # noqa: E402, F401  (front-page curation, issue #6)
