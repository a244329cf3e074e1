"""Forms of the portal's own pages (the account profile)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hubs.models import Organisation


class ProfileForm(forms.ModelForm):
    """The user's name and, optionally, their organisation."""

    class Meta:
        model = get_user_model()
        fields = ["name", "organisation"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = _("Shown to organisers of meetings you sign up for.")
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.order_by("name")
        organisation.empty_label = _("No organisation")
        organisation.help_text = _(
            "Optional. We ask so that the toolbox can show which tools your organisation has "
            "approved. It is stored until you change it or delete your account."
        )
