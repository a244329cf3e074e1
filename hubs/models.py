from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .uploads import PHOTO_CONTENT_TYPES, PhotoField

# A municipality is "urban" when it has at least this many inhabitants per km²
# of land (SCB population and land area). In Jämtland only Östersund (29.4)
# qualifies; the other seven have 0.9-2.6 and are rural (landsbygd).
URBAN_DENSITY_THRESHOLD = Decimal("10")

# Upper bounds of the counts people type in; forms, the API and imports use the same.
MAX_PARTICIPANTS = 100_000
MAX_FACILITATORS = 10_000
MAX_DESK_DAYS = 10_000


class Municipality(models.Model):
    """One of the 8 municipalities (kommuner) of Jämtland county. Source: SCB."""

    class AreaClass(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")

    code = models.CharField(_("municipality code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    population = models.PositiveIntegerField(_("population"))
    population_year = models.PositiveSmallIntegerField(_("population year"))
    land_area_km2 = models.DecimalField(_("land area (km²)"), max_digits=9, decimal_places=2)
    area_class = models.CharField(_("area class"), max_length=5, choices=AreaClass.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def density(self) -> Decimal:
        return (Decimal(self.population) / self.land_area_km2).quantize(Decimal("0.01"))

    @staticmethod
    def classify(population: int, land_area_km2: Decimal) -> str:
        density = Decimal(population) / land_area_km2
        if density >= URBAN_DENSITY_THRESHOLD:
            return Municipality.AreaClass.URBAN
        return Municipality.AreaClass.RURAL


class Organisation(models.Model):
    """An organisation whose people meet at the hubs."""

    class Kind(models.TextChoices):
        STATE_AGENCY = "state_agency", _("state agency")
        MUNICIPALITY = "municipality", _("municipality")
        REGION = "region", _("region")
        COMPANY = "company", _("company")
        ACADEMIA = "academia", _("academia")
        CIVIL_SOCIETY = "civil_society", _("civil society")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    in_agency_network = models.BooleanField(
        _("member of Myndighetsnätverket"),
        default=False,
        help_text=_("The agency network of Jämtland county, run by Länsstyrelsen."),
    )
    samverket_tenant = models.BooleanField(_("tenant at Samverket"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class CountyEvent(models.Model):
    """A recurring event in the county (Storsjöyran, Jul på Jamtli, ...)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    months = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(12)]),
        verbose_name=_("usual months"),
        help_text=_("Months (1-12) in which the event usually takes place; empty if unknown."),
        blank=True,
        default=list,
    )
    timing = models.CharField(_("usual timing"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="county_events",
        verbose_name=_("municipality"),
    )
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county event")
        verbose_name_plural = _("county events")

    def __str__(self) -> str:
        return self.name


class Amenity(models.TextChoices):
    WIFI = "wifi", _("Wi-Fi")
    MEETING_ROOM = "meeting_room", _("meeting room")
    PHONE_ROOM = "phone_room", _("phone booth")
    VIDEO = "video", _("video conference equipment")
    KITCHEN = "kitchen", _("kitchen")
    PARKING = "parking", _("parking")
    EV_CHARGING = "ev_charging", _("EV charging")
    PUBLIC_TRANSPORT = "public_transport", _("near public transport")
    STEP_FREE = "step_free", _("step-free access")
    LOCKERS = "lockers", _("lockers")
    PRINTER = "printer", _("printer")
    DROP_IN = "drop_in", _("drop-in desks")


def validate_photo_size(file: object) -> None:
    limit = settings.HUB_PHOTO_MAX_BYTES
    if getattr(file, "size", 0) > limit:
        raise ValidationError(
            _("The photo is larger than %(limit)s MB."), params={"limit": limit // (1024 * 1024)}
        )


def hub_photo_path(instance: "Hub", filename: str) -> str:
    # `filename` is the re-encoded copy's (PhotoField), named by the detected format.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in PHOTO_CONTENT_TYPES:
        raise ValueError(f"not a photo file name: {filename!r}")
    return f"hubs/{instance.slug}.{extension}"


class Hub(models.Model):
    """A coworking hub (coworkingmiljö) in Jämtland county."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        related_name="hubs",
        verbose_name=_("municipality"),
    )
    locality = models.CharField(_("locality"), max_length=80, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("61")), MaxValueValidator(Decimal("66"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("11")), MaxValueValidator(Decimal("18"))],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    niche = models.CharField(
        _("profile / niche"),
        max_length=200,
        blank=True,
        help_text=_("What the hub is known for, e.g. public-sector coworking, mountain life."),
    )
    target_groups = models.CharField(_("target groups"), max_length=200, blank=True)
    desks = models.PositiveSmallIntegerField(_("number of desks"), default=0)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    amenities = ArrayField(
        models.CharField(max_length=20, choices=Amenity.choices),
        verbose_name=_("amenities"),
        blank=True,
        default=list,
    )
    accessibility_info = models.TextField(_("accessibility information"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Checked by content and stored only as a re-encoded copy (hubs/uploads.py).
    photo = PhotoField(
        _("photo"),
        upload_to=hub_photo_path,
        blank=True,
        validators=[
            validate_photo_size,
            FileExtensionValidator(["jpg", "jpeg", "png", "webp"]),
        ],
        help_text=_("JPEG, PNG or WebP, at most 2 MB. Describe the photo below."),
    )
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_example = models.BooleanField(
        _("example hub"),
        default=False,
        help_text=_("Demo data: a made-up hub that shows how the portal works."),
    )
    source = models.TextField(_("source"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="HubManager",
        related_name="managed_hubs",
        verbose_name=_("community managers"),
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hubs:hub-detail", kwargs={"slug": self.slug})

    @property
    def amenity_labels(self) -> list[str]:
        """The labels of this hub's amenities, in the current language."""
        labels = dict(Amenity.choices)
        return [str(labels.get(value, value)) for value in self.amenities]


class HubManager(models.Model):
    """Membership: this user is a community manager of this hub."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="manager_memberships", verbose_name=_("hub")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="hub_memberships",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("community manager")
        verbose_name_plural = _("community managers")
        constraints = [
            models.UniqueConstraint(fields=["hub", "user"], name="hubs_hubmanager_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.hub}"


class Activity(models.Model):
    """Something that happened at a hub, recorded by its community manager."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("seminar")
        WORKSHOP = "workshop", _("workshop")
        BREAKFAST = "breakfast", _("breakfast")
        LUNCH = "lunch", _("lunch")
        AFTERWORK = "afterwork", _("afterwork")
        STUDY_VISIT = "study_visit", _("study visit")
        EXCURSION = "excursion", _("excursion")
        NETWORKING = "networking", _("networking")
        OTHER = "other", _("other")

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="activities", verbose_name=_("hub")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(5), MaxValueValidator(60 * 24 * 7)],
    )
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    facilitators = models.PositiveIntegerField(
        _("facilitators"), default=0, validators=[MaxValueValidator(MAX_FACILITATORS)]
    )
    organisations = models.ManyToManyField(
        Organisation,
        related_name="activities",
        verbose_name=_("participating organisations"),
        blank=True,
    )
    social = models.BooleanField(_("social sustainability"), default=False)
    economic = models.BooleanField(_("economic sustainability"), default=False)
    environmental = models.BooleanField(_("environmental sustainability"), default=False)
    county_event = models.ForeignKey(
        CountyEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("county event"),
    )
    # Set by imports: a stable key per source row, so re-importing a file updates
    # the same activity instead of creating a copy.
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["hub", "-starts_at"], name="hubs_activity_hub_start"),
            # The county-wide lists (API, staff pages) newest first: LIMIT without a sort.
            models.Index(fields=["-starts_at", "id"], name="hubs_activity_start_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "import_key"],
                condition=~Q(import_key=""),
                name="hubs_activity_import_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.hub})"

    # The three sustainability dimensions; each is a boolean field of that name.
    DIMENSIONS = ("social", "economic", "environmental")

    @classmethod
    def dimension_choices(cls) -> list[tuple[str, str]]:
        """(field name, label) of each sustainability dimension, for forms and summaries."""
        return [(name, cls._meta.get_field(name).verbose_name) for name in cls.DIMENSIONS]

    @property
    def dimensions(self) -> list[str]:
        """The sustainability dimensions this activity touches, as choice values."""
        return [name for name in self.DIMENSIONS if getattr(self, name)]


class DistanceBand(models.TextChoices):
    """Commuting distance avoided by working at the hub instead of the office (one way)."""

    UNDER_10 = "0-10", _("under 10 km")
    FROM_10_TO_30 = "10-30", _("10–30 km")
    FROM_30_TO_60 = "30-60", _("30–60 km")
    FROM_60_TO_100 = "60-100", _("60–100 km")
    OVER_100 = "100+", _("over 100 km")


class Occupancy(models.Model):
    """Desk-days used at a hub on one day: an aggregate, never who sat there."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="occupancies", verbose_name=_("hub")
    )
    date = models.DateField(_("date"))
    desk_days = models.PositiveIntegerField(
        _("desk-days used"), validators=[MaxValueValidator(MAX_DESK_DAYS)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancy")
        constraints = [
            models.UniqueConstraint(fields=["hub", "date"], name="hubs_occupancy_hub_date_unique"),
        ]
        # The county-wide list (API) newest first: LIMIT without sorting every day.
        indexes = [models.Index(fields=["-date", "id"], name="hubs_occupancy_date_id")]

    def __str__(self) -> str:
        return f"{self.hub} {self.date}: {self.desk_days}"


class OccupancyBreakdown(models.Model):
    """Optional split of a day's desk-days by home municipality and distance band.

    Still an aggregate: how many desk-days came from coworkers living in a
    municipality, commuting a given distance less. The parts never add up to
    more than the day's total.
    """

    occupancy = models.ForeignKey(
        Occupancy, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("occupancy")
    )
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home municipality"),
        help_text=_("Empty: outside Jämtland county or not known."),
    )
    distance_band = models.CharField(
        _("commuting distance avoided"), max_length=6, choices=DistanceBand.choices, blank=True
    )
    desk_days = models.PositiveIntegerField(_("desk-days"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("occupancy breakdown")
        verbose_name_plural = _("occupancy breakdowns")
        constraints = [
            models.UniqueConstraint(
                fields=["occupancy", "home_municipality", "distance_band"],
                nulls_distinct=False,
                name="hubs_breakdown_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupancy}: {self.home_municipality or '–'} {self.distance_band}"
