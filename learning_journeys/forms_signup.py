"""Forms of the public pages: the meeting filter, signing up (logged in or as a
guest) and feedback. They parse and validate; services do the writing."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubs.forms import set_model_choices
from hubs.models import Hub, Municipality, Organisation

from .models import Registration
from .selectors import MODE_ON_SITE, MODE_ONLINE

THEME_MAX_LENGTH = 100


class MeetingFilterForm(forms.Form):
    """The GET filter of the meeting list. Invalid values are shown as errors and ignored."""

    hub = forms.ChoiceField(label=_("Hub"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    theme = forms.CharField(
        label=_("Theme or title contains"),
        required=False,
        max_length=THEME_MAX_LENGTH,
        strip=True,
    )
    mode = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[
            ("", _("Online or on site")),
            (MODE_ONLINE, _("Online")),
            (MODE_ON_SITE, _("On site")),
        ],
    )

    def __init__(
        self, *args: Any, hubs: Iterable[Hub], municipalities: Iterable[Municipality], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("All hubs")), *((h.slug, h.name) for h in hubs)]
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *((m.code, m.name) for m in municipalities),
        ]

    def filters(self) -> dict[str, str]:
        """Keyword arguments for selectors.meeting_list_upcoming (valid values only)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        names = {
            "hub": "hub_slug",
            "municipality": "municipality_code",
            "theme": "theme",
            "mode": "mode",
        }
        return {
            names[name]: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value
        }


class OrganisationFields(forms.Form):
    """The optional "which organisation are you from" pair: a choice from the
    list, or a name typed in when it is not there."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("(not in the list, or none)"),
    )
    organisation_name = forms.CharField(
        label=_("Organisation, if not in the list"),
        required=False,
        max_length=Registration._meta.get_field("organisation_name").max_length,
    )

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            set_model_choices(self.fields["organisation"], organisations)

    def organisation_kwargs(self) -> dict[str, Any]:
        return {
            "organisation": self.cleaned_data.get("organisation"),
            "organisation_name": self.cleaned_data.get("organisation_name", ""),
        }


class SignupForm(OrganisationFields):
    """One-click sign-up of a logged-in user; the organisation is optional."""

    join_waitlist = forms.BooleanField(required=False, widget=forms.HiddenInput)


class GuestSignupForm(OrganisationFields):
    """Sign-up without an account: name, email, organisation and consent."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=Registration._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_(
            "We send a link to this address; your sign-up counts once you have followed it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name, email and organisation are kept for this meeting")
    )

    field_order = ["name", "email", "organisation", "organisation_name", "consent"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        months = max(1, settings.LEARNING_RETENTION_DAYS // 30)
        self.fields["consent"].help_text = ngettext(
            "They are used only to run the meeting (the list of participants, emails "
            "about it) and are removed %(months)d month after the meeting; the number "
            "of participants is kept.",
            "They are used only to run the meeting (the list of participants, emails "
            "about it) and are removed %(months)d months after the meeting; the number "
            "of participants is kept.",
            months,
        ) % {"months": months}


RATING_CHOICES = [
    (1, _("1 – poor")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 – very good")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the meeting for you?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    will_do_differently = forms.CharField(
        label=_("What will you do differently after the meeting?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell the organisers?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
