from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from articles.caching import forget_navigation  # noqa: PLC0415

        section = self.get_model("Section")
        post_save.connect(forget_navigation, sender=section, dispatch_uid="navigation-save")
        post_delete.connect(forget_navigation, sender=section, dispatch_uid="navigation-delete")

        from newsroom.purge import purge_on_save  # noqa: PLC0415

        post_save.connect(purge_on_save, sender=self.get_model("Article"), dispatch_uid="cdn-purge")
