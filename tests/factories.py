import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

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


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")


class HubManagerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubManager

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
