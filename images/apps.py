from django.apps import AppConfig
from django.core.signals import setting_changed


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        from images.validation import sync_pillow_pixel_limit

        sync_pillow_pixel_limit()
        setting_changed.connect(sync_pillow_pixel_limit, dispatch_uid="images_pixel_limit")
