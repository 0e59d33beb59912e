import os

from django.core.management.base import BaseCommand
from django.urls import reverse

from articles.demo import DEMO_USERS, demo_password, load_demo_newsroom


class Command(BaseCommand):
    help = "Load the demo newsroom (idempotent) and print where to log in."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, port, quiet_logins, **options):
        password = demo_password(os.environ.get("NEWSROOM_DEMO_PASSWORD"))
        report = load_demo_newsroom(password)
        created = ", ".join(f"{count} {kind}" for kind, count in report.created.items())
        self.stdout.write(
            f"Demo newsroom ready ({'created ' + created if created else 'nothing to add'})."
        )
        if quiet_logins:
            return
        base = f"http://127.0.0.1:{port}"
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Public site:  {base}/\n  Back office:  {base}{reverse('admin:index')}\n"
            )
        )
        self.stdout.write("  Demo logins (username / password):")
        for username in DEMO_USERS:
            self.stdout.write(f"    {username:<11} / {password}")
        self.stdout.write("")
