import sys

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
        if not yes:
            self.confirm(file)
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", file, verbosity=0)
            Quote.objects.copy_story_publish_times()  # a backup from before they were kept
        self.stdout.write(f"Restored {file}.")

    def confirm(self, file):
        """Ask on a terminal; without one (a pipe, cron, CI) there is nobody to answer, so say
        how to confirm instead of failing on the missing input."""
        if not sys.stdin.isatty():
            raise CommandError(
                "Restoring deletes all current data, and there is no terminal to confirm it on. "
                f"To restore {file}, run it again with --yes "
                f"(make restore FILE={file} YES=1, or manage.py restore_newsroom {file} --yes)."
            )
        if input("Delete all current data and restore the backup? [y/N] ") != "y":
            raise CommandError("Restore cancelled.")
