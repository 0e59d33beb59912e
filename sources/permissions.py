"""Who may see and choose which sources in the back office (see shared PERMISSIONS.md).

A confidential identity, and a person known only as one, is shown to editors and to whoever
recorded it; everyone else never sees the name, in a form, a list or an autocomplete.
"""

from __future__ import annotations

from django.db.models import Q

from sources.models import Source


def can_see_identity(user, source) -> bool:
    """The confidential identity and contact details of a source: editors, and whoever recorded it."""
    if source is None or not user.is_authenticated:
        return False
    return user.has_perm("sources.view_confidential_identity") or source.created_by_id == user.pk


def visible_identity_sources_q(user) -> Q | None:
    """Sources whose identity the user may see; ``None`` means all of them."""
    if user.has_perm("sources.view_confidential_identity"):
        return None
    return Q(created_by=user)


def listable_sources_q(user) -> Q | None:
    """Sources the user may see at all in the back office; ``None`` means every one.

    A person the newsroom knows only as the confidential identity behind an anonymous source
    (``sources.querysets.known_only_as_identity_q``: never named in a public story) is hidden
    from changelists, searches and autocompletes of those who may not see that identity:
    merely listing the name would expose it.
    """
    if user.has_perm("sources.view_confidential_identity"):
        return None
    return Q(created_by=user) | ~Q(pk__in=Source.objects.known_only_as_identity_ids())


def choosable_sources_q(user, *, as_identity: bool = False) -> Q | None:
    """The sources ``user`` may be offered, and may pick, in a back-office choice (an
    autocomplete, an import's match, a form field through ``choosable_sources``); ``None``
    means every one.

    As the identity behind an anonymous source: those whose identity the user may see. As a
    person quoted or mentioned on the record: anyone but a person known only as a confidential
    identity, whom nobody may name (``Quote.save``). That is within what every user may list:
    the only such people a user may list are those they recorded.
    """
    if as_identity:
        return visible_identity_sources_q(user)
    return ~Q(pk__in=Source.objects.known_only_as_identity_ids())


def choosable_sources(user, *, as_identity: bool = False):
    """``choosable_sources_q`` as a queryset for a form field, which reads one or two rows at a
    time: it tests each row (``Source.objects.may_be_named``) instead of reading every
    confidential id first. Tests hold the two shapes of the rule to the same answer."""
    if not as_identity:
        return Source.objects.may_be_named()
    rule = visible_identity_sources_q(user)
    return Source.objects.all() if rule is None else Source.objects.filter(rule)
