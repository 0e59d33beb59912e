from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources.models import Quote


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup from backup_newsroom. Needs the "
        "same NEWSROOM_FIELD_ENCRYPTION_KEY as when the backup was made."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before deleting the current data."
        )

    def handle(self, *args, file, yes, **options):
        if not yes and input("Delete all current data and restore the backup? [y/N] ") != "y":
            raise CommandError("Restore cancelled.")
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", file, verbosity=0)
            Quote.objects.copy_story_publish_times()  # a backup from before they were kept
        self.stdout.write(f"Restored {file}.")
