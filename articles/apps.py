from django.apps import AppConfig
from django.db.models.signals import post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from newsroom.purge import purge_on_save  # noqa: PLC0415

        post_save.connect(purge_on_save, sender=self.get_model("Article"))
