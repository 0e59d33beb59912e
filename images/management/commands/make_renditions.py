from django.core.management.base import BaseCommand, CommandError

from images.models import Image
from images.renditions import rebuild_renditions


class Command(BaseCommand):
    help = (
        "Make the standard renditions (srcset widths in WebP and JPEG, Open Graph, square) of "
        "every image. Run after a deploy that changes NEWSROOM_IMAGE_WIDTHS or the encoders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Keep existing renditions and only make the missing ones (fast, safe to repeat).",
        )

    def handle(self, *args, missing_only=False, verbosity=1, **options):
        made = failed = 0
        images = Image.objects.order_by("pk")
        for image in images.iterator(chunk_size=200):
            try:
                made += rebuild_renditions(image, missing_only=missing_only)
            except (OSError, ValueError) as exc:
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image}): {exc}")
            else:
                if verbosity > 1:
                    self.stdout.write(f"Image {image.pk} ({image}) done.")
        self.stdout.write(f"Made {made} renditions of {images.count()} images.")
        if failed:
            raise CommandError(f"{failed} image(s) failed; see above.")
