from articles.models import Article


class StoryImport(Article):
    """Gives “Import story” its place in the admin; no table of its own."""

    class Meta:
        proxy = True
        verbose_name = "story import"
        verbose_name_plural = "Import story"
        default_permissions = ()
