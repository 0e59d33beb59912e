import posixpath
import secrets
import uuid
from pathlib import PurePosixPath
from urllib.parse import unquote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from images.validation import (
    ACCEPTED_FORMATS,
    ImageUploadField,
    clean_master,
    validate_image_upload,
)
from newsroom.signals import PublicContentQuerySet
from newsroom.validators import validate_plain_line


def original_upload_to(instance: "Image", filename: str) -> str:
    """A generated name: the uploaded name is never used, so it cannot leak or traverse paths."""
    extension = ACCEPTED_FORMATS[instance.format][0]
    return f"images/originals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def rendition_upload_to(instance: "Rendition", filename: str) -> str:
    # Renditions of one image share a folder named after the original's random stem. The
    # random suffix keeps two processes rendering the same spec from overwriting each other
    # on storages that overwrite (S3).
    stem = PurePosixPath(instance.image.file.name).stem
    extension = PurePosixPath(filename).suffix
    return f"images/renditions/{stem}/{instance.spec}-{secrets.token_hex(4)}{extension}"


class UploadedImageField(models.ImageField):
    """An ImageField whose form field runs our upload checks and reports clear messages."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class ImageQuerySet(PublicContentQuerySet):
    def with_renditions(self) -> "ImageQuerySet":
        """Prefetch renditions, so rendering ``{% picture %}`` for these images costs no query.

        Across a relation, prefetch the same way: ``.select_related("lead_image")
        .prefetch_related("lead_image__renditions")``.
        """
        return self.prefetch_related("renditions")

    def without_alt_text(self) -> "ImageQuerySet":
        return self.filter(alt_text="")


class Image(models.Model):
    class Format(models.TextChoices):
        JPEG = "JPEG", "JPEG"
        PNG = "PNG", "PNG"
        WEBP = "WEBP", "WebP"

    file = UploadedImageField(
        "image file",
        upload_to=original_upload_to,
        max_length=255,
        help_text=(
            "A JPEG, PNG or WebP photo, e.g. a 4000 × 3000 camera JPEG. Size and pixel limits "
            "apply; location and camera data are removed when it is saved."
        ),
    )
    title = models.CharField(
        max_length=200,
        help_text="How editors find the image in the library, e.g. “Flooded market in Sukkur”.",
    )
    caption = models.TextField(
        blank=True,
        help_text=(
            "Shown under the image. Say who, what, where and when, e.g. “Traders move stock "
            "out of the flooded grain market in Sukkur on Tuesday.”"
        ),
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_plain_line],
        help_text="The photographer and/or agency, shown after “Photo:”, e.g. “Reuters/Jane Doe”.",
    )
    licence = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Who owns the copyright and on what terms we use it, e.g. “© Reuters, used under "
            "our agency subscription” or “CC BY 4.0”."
        ),
    )
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text=(
            "What the image shows, for readers who cannot see it. Required before a story using "
            "it is published, e.g. “Men carrying sacks of grain through knee-deep water”."
        ),
    )
    focal_x = models.FloatField(
        "focal point (across)",
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=(
            "Where the subject is, from 0 (left edge) to 1 (right edge); crops keep it in view, "
            "e.g. 0.3 for a face left of centre."
        ),
    )
    focal_y = models.FloatField(
        "focal point (down)",
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="From 0 (top edge) to 1 (bottom edge), e.g. 0.25 for a face near the top.",
    )
    width = models.PositiveIntegerField(
        default=0, editable=False, help_text="Width in pixels, read from the file, e.g. 4000."
    )
    height = models.PositiveIntegerField(
        default=0, editable=False, help_text="Height in pixels, read from the file, e.g. 3000."
    )
    file_size = models.PositiveBigIntegerField(
        default=0,
        editable=False,
        help_text="Size of the stored file in bytes, e.g. 2400000 for 2.4 MB.",
    )
    format = models.CharField(
        max_length=4,
        choices=Format.choices,
        editable=False,
        help_text="File format, read from the file itself (never from its name), e.g. JPEG.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="uploaded_images",
        help_text="The staff member who uploaded the image, e.g. “asad.khan”.",
    )
    uploaded_at = models.DateTimeField(
        auto_now_add=True, help_text="When the image was uploaded, e.g. 3 March 2025, 14:05."
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = "image"
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0.0, focal_x__lte=1.0),
                name="images_image_focal_x_range",
                violation_error_message="The focal point must be between 0 and 1.",
            ),
            models.CheckConstraint(
                condition=models.Q(focal_y__gte=0.0, focal_y__lte=1.0),
                name="images_image_focal_y_range",
                violation_error_message="The focal point must be between 0 and 1.",
            ),
        ]

    def __str__(self):
        return self.title or f"Image {self.pk}"

    def save(self, *args, **kwargs):
        replaced_name = None
        if self.file and not self.file._committed:
            replaced_name = self._store_clean_master()
        super().save(*args, **kwargs)
        if replaced_name and replaced_name != self.file.name:
            # A new file for an existing image: its renditions are stale.
            self.renditions.all().delete()
            _delete_file_on_commit(self.file.storage, replaced_name)

    def _store_clean_master(self) -> str | None:
        """Validate the pending upload and swap it for a clean re-encoded master.

        Returns the name of the file this one replaces, if any. The form field has usually
        validated the upload already; code that assigns a file directly is checked here.
        """
        upload = self.file.file
        validated = getattr(upload, "validated_image", None) or validate_image_upload(upload)
        data, width, height = clean_master(upload, validated)
        self.format = validated.format
        self.width, self.height, self.file_size = width, height, len(data)
        self.file = ContentFile(data, name=f"upload.{validated.extension}")
        self.__dict__.pop("_rendition_cache", None)
        if self.pk is None:
            return None
        return Image.objects.filter(pk=self.pk).values_list("file", flat=True).first()

    @property
    def has_alt_text(self) -> bool:
        return bool(self.alt_text.strip())

    def publishing_problems(self, *, role: str = "image") -> list[str]:
        """Why a story using this image may not be published yet; an empty list means none.

        ``role`` names the image in the messages, e.g. ``role="lead image"`` gives
        "The lead image “Flooded market” has no alt text."
        """
        problems = []
        if not self.has_alt_text:
            problems.append(
                f"The {role} “{self}” has no alt text. Describe what it shows for readers "
                "who cannot see it."
            )
        if not self.credit.strip():
            problems.append(
                f"The {role} “{self}” has no credit. Add the photographer or agency, "
                "e.g. “Reuters/Jane Doe”."
            )
        return problems


class Rendition(models.Model):
    """One resized or cropped copy of an image, made once and kept in storage.

    Made and looked up through :mod:`images.renditions`; see ``get_renditions()``.
    """

    image = models.ForeignKey(
        Image,
        on_delete=models.CASCADE,
        related_name="renditions",
        help_text="The image this is a copy of.",
    )
    spec = models.CharField(
        max_length=50,
        help_text="How it was made, e.g. “w640-webp” or “fill-1200x630-jpeg”.",
    )
    file = models.ImageField(
        upload_to=rendition_upload_to,
        max_length=255,
        help_text="The generated file, e.g. images/renditions/…/w640-webp-1a2b3c4d.webp.",
    )
    width = models.PositiveIntegerField(help_text="Width in pixels, e.g. 640.")
    height = models.PositiveIntegerField(help_text="Height in pixels, e.g. 427.")

    class Meta:
        verbose_name = "rendition"
        ordering = ["image_id", "spec"]
        constraints = [
            models.UniqueConstraint(fields=["image", "spec"], name="images_rendition_unique_spec")
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}"

    @property
    def url(self) -> str:
        return self.file.url


def library_file_url(address: str) -> str | None:
    """The address of an original or rendition in the library that ``address`` names, written
    plainly, or None: what a story body may show.

    Browsers and servers decode percent-escapes before following a path, so the address is
    decoded (repeatedly: ``%252e`` is ``%2e`` once decoded) and normalised before it is
    checked: ``/media/images/%2e%2e/%2e%2e/admin/`` is the admin, not an image.
    """
    media = settings.MEDIA_URL
    if "://" not in media:
        media = "/" + media.lstrip("/")
    decoded = address.strip()
    for _ in range(5):
        if unquote(decoded) == decoded:
            break
        decoded = unquote(decoded)
    else:
        return None  # escaped over and over: nothing of ours
    if not decoded.startswith(media) or any(char in decoded for char in "\\?#"):
        return None
    name = decoded.removeprefix(media)
    if posixpath.normpath(name) != name or not name.startswith("images/"):
        return None  # "..", "." or "//" in the path
    in_library = (
        Image.objects.filter(file=name).exists() or Rendition.objects.filter(file=name).exists()
    )
    return media + name if in_library else None


def _delete_file_on_commit(storage, name: str) -> None:
    # robust: a storage error after the commit is logged, not turned into a 500.
    transaction.on_commit(lambda: storage.delete(name), robust=True)


@receiver(post_delete, sender=Image, dispatch_uid="images_delete_original")
@receiver(post_delete, sender=Rendition, dispatch_uid="images_delete_rendition")
def delete_file_with_row(sender, instance, **kwargs):
    """Delete stored files once the deletion is committed (a rollback keeps them)."""
    if instance.file:
        _delete_file_on_commit(instance.file.storage, instance.file.name)
