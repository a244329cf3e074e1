"""Accounting 2.0 (Redovisning 2.0): intellectual-capital indicators, their
values in one Kolada-like shape (indicator × scope × period), targets, hubs'
self-assessments and complex challenges with their progress."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hubs.models import Activity, Hub, Municipality, Organisation
from learning_journeys.models import Insight, LearningJourney


class Capital(models.TextChoices):
    HUMAN = "human", _("human capital")
    RELATIONAL = "relational", _("relational capital")
    STRUCTURAL = "structural", _("structural capital")


class Dimension(models.TextChoices):
    SOCIAL = "social", _("social")
    ECONOMIC = "economic", _("economic")
    ENVIRONMENTAL = "environmental", _("environmental")


class ScopeType(models.TextChoices):
    HUB = "hub", _("hub")
    MUNICIPALITY = "municipality", _("municipality")
    AREA = "area", _("rural or urban")
    COUNTY = "county", _("county")


class PeriodType(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class Indicator(models.Model):
    """One indicator in the catalogue. Computed indicators name a function in
    accounting.indicators; manual ones are entered per period."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Method(models.TextChoices):
        COMPUTED = "computed", _("computed from portal data")
        MANUAL = "manual", _("entered by hand per period")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_sv = models.TextField(_("definition (Swedish)"))
    definition_en = models.TextField(_("definition (English)"))
    capital = models.CharField(_("capital"), max_length=12, choices=Capital.choices)
    dimension = models.CharField(
        _("sustainability dimension"), max_length=15, choices=Dimension.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    # Values are counts of people (or rest on answers from people): shown as
    # "<5" when fewer than 5 people stand behind them.
    counts_people = models.BooleanField(_("based on people"), default=False)
    decimals = models.PositiveSmallIntegerField(
        _("decimals shown"), default=0, validators=[MaxValueValidator(3)]
    )
    source = models.TextField(_("source of factors"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv

    @property
    def definition(self) -> str:
        return (
            self.definition_en if (get_language() or "sv").startswith("en") else self.definition_sv
        )


def scope_key(scope_type: str, *, hub_id: int | None = None, municipality_id: int | None = None,
              area_class: str = "") -> str:  # fmt: skip
    if scope_type == ScopeType.HUB:
        return f"hub:{hub_id}"
    if scope_type == ScopeType.MUNICIPALITY:
        return f"municipality:{municipality_id}"
    if scope_type == ScopeType.AREA:
        return f"area:{area_class}"
    return "county"


class Snapshot(models.Model):
    """A computed (or entered) value: indicator × scope × period, with the
    numerator, denominator and number of people behind it, so suppression and
    group averages are computed the same way everywhere. Written only by the
    roll-up (accounting.rollup); dashboards read only this table."""

    # Derived data, rewritten in bulk by the roll-up: no database FK constraints
    # (their deferred per-row checks doubled a full roll-up); the ORM still cascades.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="snapshots", db_constraint=False
    )
    scope_type = models.CharField(max_length=12, choices=ScopeType.choices)
    scope_key = models.CharField(max_length=40)
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_constraint=False
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    area_class = models.CharField(max_length=5, blank=True)
    period_type = models.CharField(max_length=7, choices=PeriodType.choices)
    period_start = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True)
    # How many people (or answers) stand behind the value; NULL when not about people.
    people = models.IntegerField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_key", "period_type", "period_start"],
                name="snapshot_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["scope_type", "period_type", "period_start"], name="snapshot_scope_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.scope_key} {self.period_type} {self.period_start}"


class HubMonthFact(models.Model):
    """The roll-up's intermediate table: an indicator's facts summed per hub and
    month (and per distinct key for distinct counts). Written only by
    accounting.rollup, per hub, so that roll-up parts for different hubs run on
    different workers; snapshots for every scope and period are derived from it."""

    # Derived data, rewritten in bulk: no database FK constraints (their per-row
    # checks cost more than the roll-up's own work); the ORM still cascades.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    month = models.DateField()
    # The distinct-count key ("" for sums, percentages and means).
    dkey = models.CharField(max_length=80, blank=True, default="")
    # The earliest day behind the row (first appearance for "first" indicators).
    first_day = models.DateField()
    num = models.DecimalField(max_digits=30, decimal_places=10, null=True)
    den = models.DecimalField(max_digits=30, decimal_places=10, null=True)
    people = models.BigIntegerField(null=True)

    class Meta:
        # No unique index on (indicator, hub, month, dkey): writers of a hub's
        # rows hold that hub's advisory lock (accounting.rollup), and the index
        # would cost a third of the write.
        indexes = [models.Index(fields=["hub", "month"], name="hubmonthfact_hub_month")]

    def __str__(self) -> str:
        return f"{self.indicator_id} hub:{self.hub_id} {self.month} {self.dkey}"


class RollupRun(models.Model):
    """One run of the roll-up job, for the run log staff see."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        FULL = "full", _("full")
        INCREMENTAL = "incremental", _("incremental")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # For incremental runs: what changed.
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    month = models.DateField(_("month"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    # A full run split into parts (groups of hubs) that several workers share:
    # how many, and which are done; the last part to finish derives the snapshots.
    parts = models.PositiveSmallIntegerField(default=0, editable=False)
    parts_done = ArrayField(models.PositiveSmallIntegerField(), default=list, editable=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("roll-up run")
        verbose_name_plural = _("roll-up runs")

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class ManualValue(models.Model):
    """A value entered by hand for a manual indicator, per scope and period."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="manual_values",
        limit_choices_to={"method": "manual"},
    )
    scope_type = models.CharField(_("scope"), max_length=12, choices=ScopeType.choices)
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period_type = models.CharField(_("period"), max_length=7, choices=PeriodType.choices)
    period_start = models.DateField(_("period starts"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    people = models.PositiveIntegerField(_("people behind the value"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "indicator",
                    "scope_type",
                    "hub",
                    "municipality",
                    "period_type",
                    "period_start",
                ],
                name="manual_value_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.scope_type} {self.period_start}: {self.value}"


class Target(models.Model):
    """A target for an indicator, per scope and year (e.g. the county climate
    target: at least 10 % less every year 2023–2030)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    scope_type = models.CharField(
        _("scope"), max_length=12, choices=[c for c in ScopeType.choices if c[0] != ScopeType.AREA]
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    note = models.TextField(_("note or source"), blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_type", "hub", "municipality", "year"],
                name="target_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope_type="hub") & Q(hub__isnull=False) & Q(municipality__isnull=True)
                )
                | (
                    Q(scope_type="municipality")
                    & Q(hub__isnull=True)
                    & Q(municipality__isnull=False)
                )
                | (Q(scope_type="county") & Q(hub__isnull=True) & Q(municipality__isnull=True)),
                name="target_scope_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.value}"


class SelfAssessment(models.Model):
    """A hub's intellectual-capital self-assessment for one year (Wissensbilanz)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="self_assessments")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["hub", "-year"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["hub", "year"], name="self_assessment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.year}"


PERCENT_STEPS = [(value, f"{value} %") for value in range(0, 121, 10)]


class SelfAssessmentFactor(models.Model):
    """One factor of a capital rated on quantity, quality and systematics,
    0–120 % in steps of 10 (100 % = what the hub needs to reach its goals)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="factors")
    capital = models.CharField(_("capital"), max_length=12, choices=Capital.choices)
    name = models.CharField(_("factor"), max_length=120)
    quantity = models.PositiveSmallIntegerField(_("quantity"), choices=PERCENT_STEPS)
    quality = models.PositiveSmallIntegerField(_("quality"), choices=PERCENT_STEPS)
    systematics = models.PositiveSmallIntegerField(_("systematics"), choices=PERCENT_STEPS)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.TextField(
        _("links to evidence"), blank=True, help_text=_("One web address per line.")
    )

    class Meta:
        ordering = ["capital", "name"]
        verbose_name = _("self-assessment factor")
        verbose_name_plural = _("self-assessment factors")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "capital", "name"], name="factor_unique"),
            models.CheckConstraint(
                condition=Q(quantity__lte=120, quality__lte=120, systematics__lte=120),
                name="factor_max_120",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def mean(self) -> float:
        return round((self.quantity + self.quality + self.systematics) / 3)


class Stage(models.TextChoices):
    UNDERSTAND = "understand", _("understand")
    CO_CREATE = "co_create", _("co-create")
    TEST = "test", _("test")
    IMPLEMENT = "implement", _("implement")
    IN_USE = "in_use", _("in use")


class Challenge(models.Model):
    """A complex (or complicated) challenge the county works on."""

    class Nature(models.TextChoices):
        COMPLEX = "complex", _("complex: cause and effect only clear afterwards")
        COMPLICATED = "complicated", _("complicated: experts can analyse it beforehand")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    nature = models.CharField(_("nature"), max_length=12, choices=Nature.choices)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.UNDERSTAND
    )
    # Used when the challenge has no sub-results; otherwise rolled up from them.
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    owners = models.ManyToManyField(
        Organisation,
        related_name="owned_challenges",
        verbose_name=_("owner organisations"),
        blank=True,
    )
    hubs = models.ManyToManyField(
        Hub, related_name="challenges", verbose_name=_("hubs"), blank=True
    )
    journeys = models.ManyToManyField(
        LearningJourney, related_name="challenges", verbose_name=_("learning journeys"), blank=True
    )
    activities = models.ManyToManyField(
        Activity, related_name="challenges", verbose_name=_("activities"), blank=True
    )
    insights = models.ManyToManyField(
        Insight,
        related_name="challenges",
        verbose_name=_("insights from learning meetings"),
        blank=True,
    )
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="challenge_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accounting:challenge-detail", kwargs={"slug": self.slug})


class SubResult(models.Model):
    """A part of a challenge with its own progress; parts roll up to the whole
    (weighted, or the plain mean when no weights are set)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="sub_results")
    title = models.CharField(_("title"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["challenge", "id"]
        verbose_name = _("sub-result")
        verbose_name_plural = _("sub-results")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="subresult_progress_max_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ChallengeUpdate(models.Model):
    """A progress update answering the study's five questions."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="updates")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    previous_stage = models.CharField(
        max_length=12, choices=Stage.choices, blank=True, editable=False
    )
    progress = models.PositiveSmallIntegerField(
        _("how far (%)"), validators=[MaxValueValidator(100)]
    )
    progress_reason = models.TextField(_("why this far"))
    evidence = models.TextField(_("evidence that it works"), blank=True)
    partnerships = models.TextField(_("partnerships and ideas created"), blank=True)
    practice_changed = models.TextField(_("practice that changed"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.challenge}: {self.stage} {self.progress} %"

    @property
    def changed_stage(self) -> bool:
        return bool(self.previous_stage) and self.previous_stage != self.stage


class OpenDataFile(models.Model):
    """A generated open-data CSV (regenerated nightly), served from the database."""

    name = models.CharField(max_length=80, unique=True)
    content = models.TextField()
    rows = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")

    def __str__(self) -> str:
        return self.name
