from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Enrol a TOTP authenticator for a staff member and print its otpauth:// set-up link "
        "(show it to them in person, or as a QR code; it is as secret as a password)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's existing TOTP devices."
        )

    def handle(self, *args, username, replace, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        existing = TOTPDevice.objects.filter(user=user)
        if existing.exists() and not replace:
            raise CommandError(f"{username} already has a TOTP device; pass --replace to reset it.")
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        self.stdout.write(f"Enrolled a TOTP device for {username}. Set-up link:")
        self.stdout.write(device.config_url)
