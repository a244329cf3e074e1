import pytest
from django.template import Context, Template

from coworking_region.lib.privacy import small_count


@pytest.mark.parametrize(
    ("value", "shown"), [(None, "–"), (0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (120, "120")]
)
def test_small_counts_are_masked(value, shown):
    assert small_count(value) == shown


def test_template_filter_masks_and_escapes():
    rendered = Template("{% load privacy %}{{ n|small_count }}").render(Context({"n": 3}))
    assert rendered == "&lt;5"
