from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Hub(models.Model):
    """A coworking hub (coworkingmiljö) in Jämtland county."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
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
