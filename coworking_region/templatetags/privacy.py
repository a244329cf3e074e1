from django import template

from coworking_region.lib import privacy

register = template.Library()


@register.filter
def small_count(value: int | None) -> str:
    """{{ count|small_count }}: 1-4 shown as "<5"."""
    return privacy.small_count(value)
