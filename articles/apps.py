from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from newsroom import purge
from newsroom.signals import (
    is_public_model,
    public_content_changed,
    relay_m2m_changed,
    relay_saved_or_deleted,
)


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        """Every write to a public model reaches ``public_content_changed``, and the signal
        reaches its two listeners: the content version and the CDN purge."""
        for model in filter(is_public_model, apps.get_models()):
            uid = model._meta.label
            post_save.connect(relay_saved_or_deleted, sender=model, dispatch_uid=f"public-{uid}")
            post_delete.connect(relay_saved_or_deleted, sender=model, dispatch_uid=f"public-{uid}")
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(
                    relay_m2m_changed, sender=through, dispatch_uid=f"public-{through}"
                )
        public_state = self.get_model("PublicState")
        # The manager lives as long as the model; weak=False all the same, so it cannot vanish.
        public_content_changed.connect(
            public_state.objects.content_changed, weak=False, dispatch_uid="version"
        )
        public_content_changed.connect(purge.purge_on_change, dispatch_uid="cdn-purge")
