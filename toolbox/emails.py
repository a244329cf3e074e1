"""Toolbox emails to Region staff, through the outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coworking_region.outbox import outbox_enqueue

from .models import PrivacyAssessment


def _region_staff():
    return get_user_model().objects.filter(is_active=True, is_region_staff=True).exclude(email="")


def reassessment_due(assessment: PrivacyAssessment, *, expired: bool) -> int:
    """One email per staff member and assessment version (and state)."""
    state = "expired" if expired else "soon"
    queued = 0
    with translation.override(settings.LANGUAGE_CODE):
        if expired:
            subject = _("Privacy assessment expired: %(tool)s") % {"tool": assessment.tool.name}
        else:
            subject = _("Privacy assessment to renew: %(tool)s") % {"tool": assessment.tool.name}
        body = render_to_string(
            "toolbox/email/reassessment_due.txt",
            {
                "assessment": assessment,
                "expired": expired,
                "url": settings.SITE_URL
                + reverse("toolbox:tool-detail", kwargs={"slug": assessment.tool.slug}),
                "assess_url": settings.SITE_URL
                + reverse("toolbox:assessment-create", kwargs={"slug": assessment.tool.slug}),
            },
        )
    for user in _region_staff():
        if outbox_enqueue(
            to=user.email,
            subject=subject,
            body=body,
            dedupe_key=f"tb:reassess-{state}:{assessment.pk}:{user.pk}",
        ):
            queued += 1
    return queued
