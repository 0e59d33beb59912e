"""Front-page curation: editors choose and order the lead story and top stories."""

from django.contrib import admin

from articles.models import FrontPageItem


@admin.register(FrontPageItem)
class FrontPageItemAdmin(admin.ModelAdmin):
    list_display = ["position", "article", "is_public"]
    list_display_links = ["article"]
    list_editable = ["position"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="Public?")
    def is_public(self, item):
        return item.article.is_public
