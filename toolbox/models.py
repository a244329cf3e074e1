"""The toolbox (Verktygslådan): tools and methods, their privacy assessments
(behovs-, risk- och nyttoanalys), decisions per organisation, adoption,
reviews and suggestions."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub, Organisation


class Need(models.Model):
    """A need a tool serves, e.g. "hold a hybrid meeting"."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.name


class Fit(models.TextChoices):
    """Where a tool fits."""

    WITHIN_ORGANISATION = "within_org", _("inside one organisation")
    ACROSS_ORGANISATIONS = "across_orgs", _("across organisations")
    AT_HUB = "at_hub", _("at a hub")


class Tool(models.Model):
    class Kind(models.TextChoices):
        DIGITAL_TOOL = "digital_tool", _("digital tool")
        METHOD = "method", _("method")
        TEMPLATE = "template", _("template")
        GUIDE = "guide", _("guide")

    class Maturity(models.TextChoices):
        EXPERIMENTAL = "experimental", _("being tried out")
        ESTABLISHED = "established", _("established")
        WIDESPREAD = "widespread", _("widespread")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested, awaiting moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: headings, lists, links, emphasis.")
    )
    needs = models.ManyToManyField(
        Need, related_name="tools", verbose_name=_("needs it serves"), blank=True
    )
    fits = ArrayField(
        models.CharField(max_length=15, choices=Fit.choices),
        verbose_name=_("where it fits"),
        blank=True,
        default=list,
    )
    ease = models.PositiveSmallIntegerField(
        _("ease of getting started"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        default=3,
        help_text=_("1 = needs a project, 5 = start today."),
    )
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    documentation_url = models.URLField(_("documentation or guide"), blank=True)
    maturity = models.CharField(
        _("maturity"), max_length=15, choices=Maturity.choices, default=Maturity.ESTABLISHED
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The newest assessment version, kept by services.assessment_create().
    current_assessment = models.ForeignKey(
        "PrivacyAssessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Swedish full-text search vector, kept up to date by services.tool_index().
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tool or method")
        verbose_name_plural = _("tools and methods")
        indexes = [
            GinIndex(fields=["search_vector"], name="tool_search_idx"),
            models.Index(fields=["status", "kind"], name="tool_status_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ease__gte=1, ease__lte=5), name="tool_ease_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("toolbox:tool-detail", kwargs={"slug": self.slug})

    @property
    def fit_labels(self) -> list[str]:
        labels = dict(Fit.choices)
        return [str(labels.get(value, value)) for value in self.fits]


class Likelihood(models.IntegerChoices):
    """CNIL's four-level scale for how likely a risk is."""

    NEGLIGIBLE = 1, _("negligible")
    LIMITED = 2, _("limited")
    SIGNIFICANT = 3, _("significant")
    MAXIMUM = 4, _("maximum")


# CNIL uses the same four levels for severity.
Severity = Likelihood


class PrivacyAssessment(models.Model):
    """One version of a tool's need/risk/benefit analysis (behovs-, risk- och
    nyttoanalys). A new version replaces the current one; old ones are kept."""

    class Storage(models.TextChoices):
        EU = "eu", _("in the EU/EEA")
        OUTSIDE_EU_SAFEGUARDS = "outside_safeguards", _("outside the EU/EEA, with safeguards")
        OUTSIDE_EU = "outside", _("outside the EU/EEA, without adequate safeguards")
        UNKNOWN = "unknown", _("not known")
        NONE = "none", _("no data stored")

    class LegalBasis(models.TextChoices):
        NOT_APPLICABLE = "not_applicable", _("no personal data")
        CONSENT = "consent", _("consent")
        CONTRACT = "contract", _("contract")
        LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
        PUBLIC_TASK = "public_task", _("task in the public interest")
        LEGITIMATE_INTERESTS = "legitimate_interests", _("legitimate interests")
        UNCLEAR = "unclear", _("unclear")

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveSmallIntegerField(_("version"))
    processes_personal_data = models.BooleanField(_("processes personal data"))
    data_categories = models.TextField(
        _("categories of personal data"),
        blank=True,
        help_text=_("E.g. names, email addresses, location, presence."),
    )
    storage = models.CharField(_("where data is stored"), max_length=20, choices=Storage.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=22, choices=LegalBasis.choices)
    dpia_exists = models.BooleanField(_("a DPIA (konsekvensbedömning) exists"), default=False)
    sells_data = models.BooleanField(
        _("the supplier sells or shares data for its own purposes"), default=False
    )
    third_party_tracking = models.BooleanField(
        _("third-party tracking or advertising"), default=False
    )
    monitors_individuals = models.BooleanField(
        _("shows or records where individual people are or what they do"), default=False
    )
    # The CNIL risk matrix: likelihood × severity for three feared events.
    access_likelihood = models.PositiveSmallIntegerField(
        _("unauthorised access: likelihood"), choices=Likelihood.choices
    )
    access_severity = models.PositiveSmallIntegerField(
        _("unauthorised access: severity"), choices=Severity.choices
    )
    change_likelihood = models.PositiveSmallIntegerField(
        _("unwanted change: likelihood"), choices=Likelihood.choices
    )
    change_severity = models.PositiveSmallIntegerField(
        _("unwanted change: severity"), choices=Severity.choices
    )
    loss_likelihood = models.PositiveSmallIntegerField(
        _("loss of data: likelihood"), choices=Likelihood.choices
    )
    loss_severity = models.PositiveSmallIntegerField(
        _("loss of data: severity"), choices=Severity.choices
    )
    need = models.TextField(_("the need it serves"))
    benefit = models.TextField(_("the benefit"))
    conclusion = models.TextField(_("conclusion"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.CharField(_("assessed by"), max_length=200)
    reassess_by = models.DateField(_("re-assess by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["tool", "-version"]
        verbose_name = _("privacy assessment")
        verbose_name_plural = _("privacy assessments")
        constraints = [
            models.UniqueConstraint(fields=["tool", "version"], name="assessment_unique_version"),
            models.CheckConstraint(
                condition=Q(reassess_by__gt=models.F("assessed_on")),
                name="assessment_reassess_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} v{self.version}"

    RISKS = ("access", "change", "loss")

    def risk_scores(self) -> dict[str, int]:
        return {
            risk: getattr(self, f"{risk}_likelihood") * getattr(self, f"{risk}_severity")
            for risk in self.RISKS
        }


class OrganisationDecision(models.Model):
    """An organisation's decision on a tool: may its people use it?"""

    class Status(models.TextChoices):
        APPROVED = "approved", _("approved")
        UNDER_REVIEW = "under_review", _("under review")
        REJECTED = "rejected", _("rejected")

    # "Not assessed" is the absence of a decision.
    NOT_ASSESSED = "not_assessed"

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="decisions")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="tool_decisions",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    decided_on = models.DateField(_("date"))
    reviewer = models.CharField(
        _("reviewer"), max_length=200, help_text=_("A role or function, not a private person.")
    )
    reasoning = models.TextField(_("reasoning"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("decision of an organisation")
        verbose_name_plural = _("decisions of organisations")
        constraints = [
            models.UniqueConstraint(fields=["tool", "organisation"], name="decision_one_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.tool} @ {self.organisation}: {self.status}"


class Adoption(models.Model):
    """A hub or an organisation uses the tool."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="adoptions")
    hub = models.ForeignKey(
        Hub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tool_adoptions",
        verbose_name=_("hub"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tool_adoptions",
        verbose_name=_("organisation"),
    )
    since = models.DateField(_("in use since"))
    ended_on = models.DateField(_("stopped using on"), null=True, blank=True)
    notes = models.TextField(_("how it is used"), blank=True)

    class Meta:
        ordering = ["-since"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(hub__isnull=False) & Q(organisation__isnull=True))
                | (Q(hub__isnull=True) & Q(organisation__isnull=False)),
                name="adoption_hub_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["tool", "hub"], condition=Q(hub__isnull=False), name="adoption_one_per_hub"
            ),
            models.UniqueConstraint(
                fields=["tool", "organisation"],
                condition=Q(organisation__isnull=False),
                name="adoption_one_per_org",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("since")),
                name="adoption_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} @ {self.hub or self.organisation}"

    @property
    def adopter(self):
        return self.hub or self.organisation


class Review(models.Model):
    """A signed-in user's rating and tip; one per user and tool."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("visible")
        HIDDEN = "hidden", _("hidden by moderation")

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="reviews")
    # NULL once the reviewer deleted their account (coworking_region.gdpr): the
    # rating and tip stay, anonymous, so the tool's count and average survive.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tool_reviews",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    tip = models.TextField(_("tip"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VISIBLE
    )
    moderation_note = models.CharField(_("moderation note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["tool", "user"],
                condition=Q(user__isnull=False),
                name="review_one_per_user",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool}: {self.rating}"
