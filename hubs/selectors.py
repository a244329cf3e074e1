from django.db.models import Count, QuerySet

from .models import Hub


def hub_list_public() -> QuerySet[Hub]:
    """Active hubs in the public directory, with their municipality."""
    return (
        Hub.objects.filter(is_active=True)
        .select_related("municipality")
        .annotate(manager_count=Count("manager_memberships"))
        .order_by("name")
    )


def hub_list_where_manager(*, user_id: int) -> QuerySet[Hub]:
    """The hubs this user holds a community-manager membership of (not admin reach)."""
    return Hub.objects.filter(manager_memberships__user_id=user_id).order_by("name")
