from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# Every model whose saved fields readers may see, directly or through a page that lists it.
PUBLIC_MODELS = [
    "articles.Article",
    "articles.Correction",
    "articles.FrontPageItem",
    "articles.Section",
    "articles.Topic",
    "articles.TaggedArticle",
    "articles.Author",
    "articles.SlugRedirect",
    "sources.Quote",
    "sources.Source",
    "sources.Organisation",
    "sources.AnonymousAttribution",
    "images.Image",
]


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from django.apps import apps

        from articles.caching import public_change

        for label in PUBLIC_MODELS:
            model = apps.get_model(label)
            post_save.connect(public_change, sender=model, dispatch_uid=f"public-save-{label}")
            post_delete.connect(public_change, sender=model, dispatch_uid=f"public-delete-{label}")
        article = self.get_model("Article")
        for through in (article.authors.through, self.get_model("TaggedArticle")):
            m2m_changed.connect(public_change, sender=through, dispatch_uid=f"public-m2m-{through}")

        from newsroom.purge import purge_on_save

        post_save.connect(purge_on_save, sender=self.get_model("Article"), dispatch_uid="cdn-purge")
