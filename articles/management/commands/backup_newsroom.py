from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by migrate/flush, or not worth keeping: content types and permissions are referred
# to by natural key, sessions and login-throttling records are transient. The content version
# (PublicState) is left out so that a restored newsroom starts a version no cached page has.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "articles.publicstate"]


class Command(BaseCommand):
    help = (
        "Write the whole newsroom to a gzipped XML backup (dumpdata with natural keys) in "
        "var/backups/. Source contact details stay encrypted in it; names and the anonymous "
        "identity links do not, so treat the file as confidential."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (.xml.gz); default var/backups/…")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 (a local file name)
            output = Path(settings.VAR_DIR) / "backups" / f"newsroom-{stamp}.xml.gz"
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        call_command(
            "dumpdata",
            # Natural keys only for references (content types, permissions, topics): primary
            # keys are kept, as taggit's through models have no usable natural key.
            natural_foreign=True,
            # XML, not JSON: Django's JSON encoder drops microseconds, so times would not
            # round-trip exactly.
            format="xml",
            exclude=EXCLUDED,
            output=str(output),
            verbosity=0,
        )
        output.chmod(0o600)
        self.stdout.write(str(output))
