"""Login throttling: django-axes with a limit of its own for each lockout parameter.

``NEWSROOM_LOGIN_FAILURE_LIMITS`` (settings) counts failures within the lockout time per
username and address (someone mistyping), per address (one machine guessing many usernames) and
per username (many machines guessing one). Axes compares one count with one limit
(``AXES_FAILURE_LIMIT``), so ``LoginThrottle`` puts each count on that scale: the first to
reach its own limit locks the login out.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures of the combination nearest its own limit, on AXES_FAILURE_LIMIT's
        scale: ``count * scale // limit`` reaches ``scale`` exactly when ``count`` reaches
        ``limit``."""
        scale = settings.AXES_FAILURE_LIMIT
        limits = settings.NEWSROOM_LOGIN_FAILURE_LIMITS.values()
        attempts_per_combination = self.get_user_attempts(request, credentials)
        return max(
            (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0) * scale // limit
            for attempts, limit in zip(attempts_per_combination, limits, strict=True)
        )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful login forgives that user's failures from that address only. Axes would
        clear every combination, every failure from the address included: anyone with an
        account could then log in between guesses to start the address's count again."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return deleted
