import logging

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from images.models import Image
from images.renditions import get_rendition, srcset_specs

BODY_SPEC = "w960-jpeg"

logger = logging.getLogger(__name__)

THUMBNAIL_WIDTH = 80
PREVIEW_WIDTH = 640


def _rendition_or_none(image: Image, spec: str):
    try:
        return get_rendition(image, spec)
    except (OSError, ValueError):
        logger.exception("No rendition %s for image %s", spec, image.pk)
        return None


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The image library. Adding needs ``images.add_image`` (Journalist and Editor groups)."""

    list_display = [
        "thumbnail",
        "title",
        "credit",
        "alt_text_present",
        "uploaded_by",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "caption", "credit"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "preview",
        "body_embed",
        "width",
        "height",
        "size",
        "format",
        "uploaded_by",
        "uploaded_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("file", "preview", "title", "alt_text", "caption", "credit", "licence"),
                    "body_embed",
                ]
            },
        ),
        (
            "Focal point",
            {
                "fields": [("focal_x", "focal_y")],
                "description": (
                    "The point crops must keep in view, as fractions of the width and height: "
                    "0.5 and 0.5 is the centre; the red dot on the preview shows it."
                ),
            },
        ),
        (
            "File details",
            {"fields": [("width", "height"), "size", "format", ("uploaded_by", "uploaded_at")]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_renditions()

    def get_readonly_fields(self, request, obj=None):
        # A new file would make every story using the image change; upload a new image instead.
        readonly = super().get_readonly_fields(request, obj)
        return [*readonly, "file"] if obj else readonly

    def save_model(self, request, obj, form, change):
        # uploaded_by is not a form field: a forged POST value never reaches the model.
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Image")
    def thumbnail(self, obj: Image):
        rendition = _rendition_or_none(obj, srcset_specs(obj, "webp")[0])
        if rendition is None:
            return "—"
        height = round(rendition.height * THUMBNAIL_WIDTH / rendition.width)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" loading="lazy" decoding="async">',
            rendition.url,
            THUMBNAIL_WIDTH,
            height,
        )

    @admin.display(description="Alt text?", boolean=True, ordering="alt_text")
    def alt_text_present(self, obj: Image) -> bool:
        return obj.has_alt_text

    @admin.display(description="Size")
    def size(self, obj: Image) -> str:
        return filesizeformat(obj.file_size) if obj.pk else "—"

    @admin.display(description="Use in a story body")
    def body_embed(self, obj: Image):
        """The address to give the body editor's image button; only library images are kept."""
        if not obj.pk:
            return "Shown once the image is saved."
        rendition = _rendition_or_none(obj, BODY_SPEC)
        if rendition is None:
            return "The image file is missing from storage."
        return format_html(
            '<code>{}</code><div class="help">In the story body, choose the image button and '
            "paste this address; use the alt text above. Only images from this library are "
            "kept in a story.</div>",
            rendition.url,
        )

    @admin.display(description="Preview")
    def preview(self, obj: Image):
        if not obj.pk:
            return "Shown once the image is saved."
        specs = srcset_specs(obj, "jpeg")
        spec = next((s for s in specs if int(s[1:].split("-")[0]) >= PREVIEW_WIDTH), specs[-1])
        rendition = _rendition_or_none(obj, spec)
        if rendition is None:
            return "The image file is missing from storage."
        return format_html(
            '<div style="position:relative;display:inline-block;line-height:0">'
            '<img src="{}" width="{}" height="{}" alt="{}" style="max-width:100%;height:auto">'
            '<span title="Focal point" style="position:absolute;left:{}%;top:{}%;width:14px;'
            "height:14px;margin:-7px 0 0 -7px;border:2px solid #fff;border-radius:50%;"
            'background:#d00;box-shadow:0 0 2px #000"></span></div>',
            rendition.url,
            rendition.width,
            rendition.height,
            obj.alt_text,
            round(obj.focal_x * 100, 2),
            round(obj.focal_y * 100, 2),
        )
