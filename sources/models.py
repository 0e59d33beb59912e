from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q

from newsroom.signals import PublicContentQuerySet
from newsroom.urlcache import cached_reverse
from newsroom.validators import validate_plain_line
from sources.fields import EncryptedTextField
from sources.querysets import OrganisationQuerySet, QuoteQuerySet, SourceQuerySet


def person_url(slug: str) -> str:
    return cached_reverse("sources:person", slug=slug)


def organisation_url(slug: str) -> str:
    return cached_reverse("sources:organisation", slug=slug)


def public_person_name(name: str, honorific: str = "") -> str:
    return f"{honorific} {name}" if honorific else name


def attribution_text(
    *,
    anonymous_description: str | None = None,
    organisation_name: str | None = None,
    person_name: str | None = None,
    honorific: str = "",
    role: str = "",
) -> str:
    """How readers see who said a quote: the only public way to name a speaker.

    It takes public fields only (an anonymous source's description, never its identity), so
    ``Quote.attribution()`` and the story page's sourcing panel, which reads the same fields
    straight from the database, name every speaker alike.
    """
    if anonymous_description is not None:
        return anonymous_description
    if organisation_name is not None:
        return organisation_name
    if person_name is not None:
        name = public_person_name(person_name, honorific)
        return f"{name}, {role}" if role else name
    return ""


def public_speaker(speaker: dict) -> tuple[str, str | None]:
    """The name and page (None for an anonymous source) of a quote's speaker, from its
    ``SPEAKER_FIELDS`` as a row or a story page's JSON holds them."""
    if speaker["anonymous_id"] is not None:
        return attribution_text(anonymous_description=speaker["anonymous_description"]), None
    if speaker["organisation_id"] is not None:
        name = attribution_text(organisation_name=speaker["organisation_name"])
        return name, organisation_url(speaker["organisation_slug"])
    name = attribution_text(
        person_name=speaker["person_name"],
        honorific=speaker["honorific"],
        role=speaker["speaker_title"] or speaker["person_title"],
    )
    return name, person_url(speaker["person_slug"])


def named_speaker(row: dict) -> tuple[str, str]:
    """The public name and page of an on-record speaker, from a ``QuoteQuerySet.most_quoted()``
    row: a person's public name without the role a story gave them, or an institution's."""
    if row["organisation_id"] is not None:
        return (
            attribution_text(organisation_name=row["organisation_name"]),
            organisation_url(row["organisation_slug"]),
        )
    return (
        attribution_text(person_name=row["person_name"], honorific=row["honorific"]),
        person_url(row["person_slug"]),
    )


# Why a person known only as a confidential identity cannot be quoted or mentioned by name. The
# messages never name the person: they may be shown to someone who does not know who it is.
CONFIDENTIAL_REASON = (
    "known to the newsroom only as the confidential identity behind an anonymous source: "
    "naming them on the record would expose them"
)


def refuse_confidential_speaker(source_id: int | None) -> None:
    """Raise unless ``source_id`` may be named on the record (``known_only_as_identity_q``)."""
    if source_id is not None and (
        Source.objects.filter(pk=source_id).known_only_as_identity().exists()
    ):
        raise ValidationError({"source": f"This person is {CONFIDENTIAL_REASON}."})


def _names_a_new_source(instance, kwargs) -> bool:
    update_fields = kwargs.get("update_fields")
    return instance.source_id is not None and (update_fields is None or "source" in update_fields)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government or state"
        MINISTRY = "ministry", "Ministry or department"
        ARMED_FORCES = "armed_forces", "Armed forces"
        LEGISLATURE = "legislature", "Legislature"
        POLITICAL_PARTY = "political_party", "Political party"
        UNIVERSITY = "university", "University"
        THINK_TANK = "think_tank", "Think tank"
        COMPANY = "company", "Company"
        NEWS_AGENCY = "news_agency", "News agency or publication"
        NGO = "ngo", "Non-governmental organisation"
        INTERNATIONAL = "international", "International organisation"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200,
        validators=[validate_plain_line],
        help_text="Full name, e.g. “Ministry of Foreign Affairs”.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="Used in the public URL, e.g. “pakistan-foreign-ministry”.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="What sort of body this is.",
    )
    country = models.CharField(max_length=80, blank=True, help_text="e.g. “Pakistan”.")
    description = models.TextField(
        blank=True, help_text="Public description shown on the organisation page."
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.country})" if self.country else self.name

    def get_absolute_url(self):
        return organisation_url(self.slug)


class Source(models.Model):
    """A person who speaks in, or is named by, our stories.

    Contact details and private notes are for staff only; a person recorded only as the real
    identity of an anonymous source is never public (see ``SourceQuerySet.public``).
    """

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official"
        SPOKESPERSON = "spokesperson", "Spokesperson"
        EXPERT = "expert", "Expert"
        ANALYST = "analyst", "Analyst"
        POLITICIAN = "politician", "Politician"
        CITIZEN = "citizen", "Citizen"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200,
        validators=[validate_plain_line],
        help_text="Personal name without honorifics, e.g. “Huma Baqai”.",
    )
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Used in the public URL, e.g. “huma-baqai”."
    )
    honorific = models.CharField(
        max_length=80,
        blank=True,
        help_text="Honorific or rank, e.g. “Dr” or “Air Marshal (retired)”.",
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Current title or role, e.g. “Foreign Office Spokesman”.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="Current employer or affiliation, e.g. “Ministry of Foreign Affairs”.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="How readers should weigh what this person says.",
    )
    bio = models.TextField(blank=True, help_text="Public biography shown on the person’s page.")
    # Encrypted at rest (sources/fields.py): not searchable, and lost with the key.
    phone = EncryptedTextField(
        max_length=60,
        single_line=True,
        blank=True,
        help_text="Staff only, encrypted, e.g. “+92 51 123 4567”.",
    )
    email = EncryptedTextField(
        max_length=254,
        single_line=True,
        blank=True,
        validators=[validate_email],
        help_text="Staff only, encrypted, e.g. “name@example.org”.",
    )
    private_notes = EncryptedTextField(
        blank=True,
        help_text="Staff only, encrypted: how we reached them, reliability, conditions agreed.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recorded_sources",
        editable=False,
        help_text="The journalist who recorded this source.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "source"
        permissions = [
            ("view_confidential_identity", "Can see the real identity of anonymous sources")
        ]

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return person_url(self.slug)

    @property
    def public_name(self) -> str:
        return public_person_name(self.name, self.honorific)

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.name else ""


class AnonymousAttribution(models.Model):
    """How a story describes a source it does not name, and, for staff only, who it really is.

    Several quotes in one story can share one attribution (“a senior official … he said”).
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="anonymous_attributions"
    )
    description = models.CharField(
        max_length=200,
        help_text="What readers see, in the story’s words, e.g. “A senior official at the foreign ministry”.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anonymous_attributions",
        help_text="Only where the story itself names it, e.g. the foreign ministry.",
    )
    reason = models.TextField(
        "internal reason (confidential)",
        help_text=(
            "Confidential, for the desk only, never shown to readers: why anonymity was granted "
            "and what the reporter knows, e.g. “Deputy in the Americas desk; would lose her job”."
        ),
    )
    public_reason = models.CharField(
        "reason given to readers",
        max_length=300,
        blank=True,
        validators=[validate_plain_line],
        help_text=(
            "PUBLIC: shown to readers beside the anonymous attribution on the story page. Say why "
            "the source was not named without saying anything that could identify them, e.g. "
            "“spoke on condition of anonymity because they were not authorised to discuss the "
            "talks”."
        ),
    )
    identity = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="anonymous_attributions",
        help_text="Confidential: the real person. Never shown to readers.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]
        verbose_name = "anonymous attribution"
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="anonymous_attribution_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="anonymous_attribution_has_description"
            ),
        ]

    def __str__(self):
        return self.description

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Say why this source was granted anonymity."})


class Quote(models.Model):
    """What one speaker said in one story, exactly, and where it stands in the story."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
        help_text="A named person, e.g. Huma Baqai.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="An institution speaking as such, e.g. the foreign ministry in a statement.",
    )
    anonymous = models.ForeignKey(
        AnonymousAttribution,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="quotes",
        verbose_name="anonymous source",
        help_text="An unnamed source of this story, e.g. “Another official”.",
    )
    text = models.TextField(
        help_text="The exact words; keep editorial brackets, e.g. “Russian president [Vladimir Putin] has spoken …”.",
    )
    is_direct = models.BooleanField(
        "direct quote",
        default=True,
        help_text="Ticked for words inside quotation marks; unticked for reported speech.",
    )
    paragraph = models.PositiveIntegerField(
        help_text="Index of the body paragraph it stands in; the first is 0."
    )
    position = models.PositiveSmallIntegerField(
        default=0,
        help_text="Order within the paragraph when it holds several quotes; the first is 0.",
    )
    context = models.CharField(
        max_length=300,
        blank=True,
        help_text="How it was said, e.g. “in a statement released by the foreign ministry”.",
    )
    speaker_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The speaker’s title as the story gives it at the time, e.g. “Foreign Office Spokesman”.",
    )
    speaker_organisation = models.CharField(
        max_length=200,
        blank=True,
        help_text="The speaker’s organisation in the story’s words at the time, e.g. “Foreign Office”.",
    )
    story_published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "The story’s publish time, kept with the quote (by Quote.save and Article.save) so "
            "that a person’s or an institution’s quotes are listed newest first from an index."
        ),
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "paragraph", "position", "pk"]
        indexes = [
            models.Index(fields=["source", "-story_published_at"], name="quote_person_newest"),
            models.Index(
                fields=["organisation", "-story_published_at"], name="quote_institution_newest"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source__isnull=False, organisation__isnull=True, anonymous__isnull=True)
                    | Q(source__isnull=True, organisation__isnull=False, anonymous__isnull=True)
                    | Q(source__isnull=True, organisation__isnull=True, anonymous__isnull=False)
                ),
                name="quote_has_exactly_one_speaker",
                violation_error_message=(
                    "A quote comes from exactly one speaker: a named person, an institution, "
                    "or an anonymous source."
                ),
            ),
            models.UniqueConstraint(
                fields=["article", "paragraph", "position"], name="unique_quote_position_in_story"
            ),
        ]

    def __str__(self):
        return f"{self.attribution()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        """Also the last guard of the confidential-speaker rule for code that skips ``clean()``
        (imports, restores, the shell): no database constraint can express it."""
        if _names_a_new_source(self, kwargs):
            refuse_confidential_speaker(self.source_id)
        if self.article_id is not None:
            self.story_published_at = self.article.published_at
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "story_published_at"}
        super().save(*args, **kwargs)

    @property
    def is_anonymous(self) -> bool:
        return self.anonymous_id is not None

    def attribution(self) -> str:
        """Who said this, as readers see it (``public_speaker``); never the confidential identity."""
        return self.speaker_name_and_url()[0]

    def anonymity_reason(self) -> str:
        """The desk's public wording of why an anonymous speaker is not named; never the internal
        reason, which may say who the source is."""
        return self.anonymous.public_reason if self.anonymous_id else ""

    def speaker_url(self) -> str | None:
        """Where a reader can follow the speaker; anonymous sources have no page."""
        return self.speaker_name_and_url()[1]

    def speaker_name_and_url(self) -> tuple[str, str | None]:
        """``attribution()`` and ``speaker_url()`` at once, for a page that shows both: the
        module's ``public_speaker()`` of this quote's ``SPEAKER_FIELDS``, read from its speaker."""
        if self.anonymous_id:
            fields = {"anonymous_description": self.anonymous.description}
        elif self.organisation_id:
            fields = {
                "organisation_name": self.organisation.name,
                "organisation_slug": self.organisation.slug,
            }
        elif self.source_id:
            fields = {
                "person_name": self.source.name,
                "honorific": self.source.honorific,
                "person_title": self.source.title,
                "person_slug": self.source.slug,
            }
        else:
            return "", None
        return public_speaker(
            {
                "anonymous_id": self.anonymous_id,
                "organisation_id": self.organisation_id,
                "speaker_title": self.speaker_title,
                **fields,
            }
        )

    def new_anonymous(self) -> AnonymousAttribution | None:
        """An anonymous source added in the same story form as this quote: saved just before
        the quote (``articles.forms.QuoteFormSet``), so it has no id while the form is checked."""
        if self.anonymous_id is None and Quote.anonymous.is_cached(self):
            return self.anonymous
        return None

    def validate_constraints(self, exclude=None):
        """The one-speaker constraint reads ``anonymous_id``, which a new anonymous source does
        not have yet; ``clean`` checks that rule with it."""
        if self.new_anonymous() is not None:
            exclude = {*(exclude or ()), "anonymous"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        speakers = [self.source_id, self.organisation_id, self.anonymous_id or self.new_anonymous()]
        if sum(speaker is not None for speaker in speakers) != 1:
            raise ValidationError(
                "Choose exactly one speaker: a named person, an institution, or an anonymous source."
            )
        if self.anonymous_id and self.article_id and self.anonymous.article_id != self.article_id:
            raise ValidationError({"anonymous": "This anonymous source belongs to another story."})
        refuse_confidential_speaker(self.source_id)


class Mention(models.Model):
    """A person or organisation a story names without quoting."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        help_text="e.g. Foreign Secretary Aizaz Ahmed Chaudhry.",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mentions",
        help_text="e.g. the Alexandrov Ensemble.",
    )

    objects = PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False, organisation__isnull=True)
                | Q(source__isnull=True, organisation__isnull=False),
                name="mention_names_one_person_or_organisation",
            ),
            models.UniqueConstraint(fields=["article", "source"], name="unique_person_mention"),
            models.UniqueConstraint(
                fields=["article", "organisation"], name="unique_organisation_mention"
            ),
        ]

    def __str__(self):
        return str(self.source or self.organisation)

    def save(self, *args, **kwargs):
        """Refuses a confidential person even where ``clean()`` was skipped (see ``Quote.save``)."""
        if _names_a_new_source(self, kwargs):
            refuse_confidential_speaker(self.source_id)
        super().save(*args, **kwargs)

    def clean(self):
        refuse_confidential_speaker(self.source_id)


class IdentityAccessLog(models.Model):
    """One row each time someone is shown a source's confidential identity or contact details."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="access_log")
    attribution = models.ForeignKey(
        AnonymousAttribution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    where = models.CharField(max_length=300, help_text="The page that showed it.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "identity access log entry"
        verbose_name_plural = "identity access log"

    def __str__(self):
        return f"{self.user} saw {self.source.name} at {self.where}"
