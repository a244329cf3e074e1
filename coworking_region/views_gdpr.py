"""GDPR pages of the signed-in user: download their data, delete their account
(services in coworking_region.gdpr)."""

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coworking_region import gdpr


class AccountDeleteForm(forms.Form):
    """Confirmation by typing the password or the account's email address."""

    confirmation = forms.CharField(
        label=_("Your password or your email address"),
        help_text=_("Type it to confirm that you want to delete your account."),
        max_length=254,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self) -> str:
        typed = self.cleaned_data["confirmation"]
        by_email = bool(self.user.email) and typed.strip().lower() == self.user.email.lower()
        if not (by_email or self.user.check_password(typed)):
            raise forms.ValidationError(
                _("That is neither your password nor your email address."), code="mismatch"
            )
        return typed

    def clean(self):
        cleaned = super().clean()
        if not gdpr.can_delete(self.user):
            raise forms.ValidationError(
                _(
                    "You are the only active administrator. Make someone else an "
                    "administrator before you delete your account."
                ),
                code="last_admin",
            )
        return cleaned


@require_GET
@never_cache
def data_page(request: HttpRequest) -> HttpResponse:
    """What we hold about you, and a button to download it."""
    return render(request, "account/gdpr_data.html")


@require_GET
@never_cache
def data_download(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the signed-in user, as a JSON file."""
    data = gdpr.user_data_export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@never_cache
def account_delete(request: HttpRequest) -> HttpResponse:
    """Explain what deletion removes and keeps; delete after confirmation."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            gdpr.account_delete(request.user)
        except gdpr.DeletionRefused:  # lost a race with another admin's deletion
            form.add_error(None, _("The last active administrator cannot be deleted."))
        else:
            logout(request)
            return redirect("account_deleted")
    return render(
        request,
        "account/gdpr_delete.html",
        {"form": form, "can_delete": gdpr.can_delete(request.user)},
    )


@login_not_required
@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """Shown after deletion (the person is signed out by then)."""
    return render(request, "account/gdpr_deleted.html")
