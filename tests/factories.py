from datetime import date, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from hubs.models import Hub, HubManager

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        """Users have a verified primary email unless verified=False is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hubs.Municipality"
        django_get_or_create = ("code",)

    code = "2380"
    name = "Östersund"
    population = 64979
    population_year = 2024
    land_area_km2 = "2207.61"
    area_class = "urban"


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    locality = "Östersund"
    latitude = "63.179365"
    longitude = "14.635706"
    desks = 20


class HubManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubManager

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hubs.Organisation"

    name = factory.Sequence(lambda n: f"Myndighet {n}")
    kind = "state_agency"


class CountyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hubs.CountyEvent"

    name = factory.Sequence(lambda n: f"Evenemang {n}")
    slug = factory.Sequence(lambda n: f"evenemang-{n}")
    months = [7]
    place = "Östersund"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hubs.Activity"

    hub = factory.SubFactory(HubFactory)
    kind = "breakfast"
    title = factory.Sequence(lambda n: f"Frukostmöte {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    duration_minutes = 60
    participants = 12
    facilitators = 1
    social = True


class OccupancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hubs.Occupancy"

    hub = factory.SubFactory(HubFactory)
    date = factory.Sequence(lambda n: date(2026, 1, 1) + timedelta(days=n))
    desk_days = 6


class LearningJourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learning_journeys.LearningJourney"

    title = factory.Sequence(lambda n: f"Learning journey {n}")
    slug = factory.Sequence(lambda n: f"journey-{n}")
    theme = "Hybrid work"
    status = "active"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=180))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A published meeting at a hub a week from now, 10 seats."""

    class Meta:
        model = "learning_journeys.Meeting"

    journey = factory.SubFactory(LearningJourneyFactory)
    title = factory.Sequence(lambda n: f"Lärandeträff {n}")
    theme = "Agenda 2030"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    hub = factory.SubFactory(HubFactory)
    capacity = 10
    facilitators = 2
    status = "published"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a new user."""

    class Meta:
        model = "learning_journeys.Registration"

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "guest@example.org")
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == "waitlisted" else None
    )


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "toolbox.Need"
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Need {n}")
    slug = factory.Sequence(lambda n: f"need-{n}")


class ToolFactory(factory.django.DjangoModelFactory):
    """A published digital tool, indexed for search (call toolbox.services.tool_index
    again after changing text fields in a test)."""

    class Meta:
        model = "toolbox.Tool"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.Sequence(lambda n: f"tool-{n}")
    kind = "digital_tool"
    summary = "A tool for hybrid meetings."
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            from toolbox.services import tool_index

            tool_index([obj.pk])


class PrivacyAssessmentFactory(factory.django.DjangoModelFactory):
    """A low-risk assessment without personal data; becomes the tool's current one."""

    class Meta:
        model = "toolbox.PrivacyAssessment"
        skip_postgeneration_save = True

    tool = factory.SubFactory(ToolFactory)
    version = factory.Sequence(lambda n: n + 1)
    processes_personal_data = False
    storage = "eu"
    legal_basis = "not_applicable"
    access_likelihood = 1
    access_severity = 2
    change_likelihood = 1
    change_severity = 1
    loss_likelihood = 2
    loss_severity = 1
    need = "Hold hybrid meetings."
    benefit = "Fewer trips."
    assessed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    assessed_by = "Region JH, information security"
    reassess_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=335))

    @factory.post_generation
    def make_current(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            obj.tool.current_assessment = obj
            obj.tool.save(update_fields=["current_assessment"])


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounting.Challenge"

    title = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    description = "How can hubs reduce commuting in the county?"
    nature = "complex"
