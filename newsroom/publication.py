"""The publication rule, defined once: which stories a reader may see.

``live_q()`` is the only definition of "a reader may see this story". It returns a ``Q`` so the
same rule applies across relations (quotes on a person's page, stories on a topic page), as
Wagtail's ``live_q`` does; ``Article.objects.published()`` is the rule as a queryset and
``Article.is_public`` mirrors it for one object. It lives below the apps because stories and the
people quoted in them are both public by it, and ``sources`` builds on no other app.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

# ``Article.Status.PUBLISHED``, named here too because this layer imports no app (a test keeps
# the two equal).
PUBLISHED = "published"

# A story's text and search vector: lists that link to stories (quotes, corrections) never show
# them, and they are the largest columns of a story.
STORY_TEXT_FIELDS = ("body", "search_vector")


def live_q(prefix: str = "", *, now: datetime | None = None) -> Q:
    """Stories a reader may see: published, publish time come, and any embargo passed.

    ``prefix`` is the relation path to the article, e.g. ``"article__"`` from a quote.
    ``now`` is read at call time (never at import time) unless a test passes it in.
    """
    now = now or timezone.now()
    return (
        Q(**{f"{prefix}status": PUBLISHED})
        & Q(**{f"{prefix}published_at__lte": now})
        & (
            Q(**{f"{prefix}embargo_until__isnull": True})
            | Q(**{f"{prefix}embargo_until__lte": now})
        )
    )
