"""Finding tools: Swedish full-text search with ranking and highlighted
snippets, combined with faceted filters, in a fixed number of queries."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hubs.models import Organisation

from .models import OrganisationDecision, Tool
from .services import SEARCH_CONFIG

# Highlight markers that cannot occur in user text; replaced after escaping.
_START, _STOP = "\x02", "\x03"
APPROVAL_CHOICES = (*OrganisationDecision.Status.values, OrganisationDecision.NOT_ASSESSED)


def search_query(text: str) -> SearchQuery | None:
    """Every word must match, as a Swedish stem or a prefix ("möten" finds
    "möte", "hybr" finds "hybridmöte")."""
    words = re.findall(r"\w+", text.lower())[:12]
    if not words:
        return None
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def highlight(headline: str | None) -> SafeString:
    """Escape a headline from PostgreSQL, then turn the markers into <mark>."""
    text = escape(headline or "")
    # Escaped above; the only markup added is <mark> in place of the two markers.
    marked = text.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308  # nosec B308, B703


@dataclass
class ToolFilters:
    query: str = ""
    kinds: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)  # Need slugs
    fits: list[str] = field(default_factory=list)
    approval: list[str] = field(default_factory=list)  # needs an organisation
    personal_data: bool | None = None


def tools_published() -> QuerySet[Tool]:
    return Tool.objects.filter(status=Tool.Status.PUBLISHED)


def tool_search(
    filters: ToolFilters, *, organisation: Organisation | None = None
) -> QuerySet[Tool]:
    """Published tools matching the text and every chosen facet (values within
    one facet combine with OR, facets with AND). With text: ranked, each row
    carries `headline` (use `highlight()`); without: by name. Each row has
    `my_status`: the decision of `organisation`, or None."""
    tools = tools_published().select_related("current_assessment")
    if filters.kinds:
        tools = tools.filter(kind__in=filters.kinds)
    if filters.needs:
        tools = tools.filter(needs__slug__in=filters.needs).distinct()
    if filters.fits:
        tools = tools.filter(fits__overlap=filters.fits)
    if filters.personal_data is not None:
        tools = tools.filter(current_assessment__processes_personal_data=filters.personal_data)
    if organisation is not None:
        status = OrganisationDecision.objects.filter(
            tool=OuterRef("pk"), organisation=organisation
        ).values("status")
        tools = tools.annotate(my_status=Subquery(status[:1]))
        if filters.approval:
            wanted = Q(
                my_status__in=[
                    s for s in filters.approval if s != OrganisationDecision.NOT_ASSESSED
                ]
            )
            if OrganisationDecision.NOT_ASSESSED in filters.approval:
                wanted |= Q(my_status__isnull=True)
            tools = tools.filter(wanted)
    else:
        tools = tools.annotate(my_status=Value(None, output_field=CharField()))
    query = search_query(filters.query)
    if query is None:
        return tools.order_by("name")
    return (
        tools.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            headline=SearchHeadline(
                Concat("summary", Value(" "), "description", output_field=TextField()),
                query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-rank", "name")
    )


def facet_counts(tools: QuerySet[Tool]) -> dict[str, dict[str, int]]:
    """How many of `tools` fall under each kind, need, fit and personal-data value (4 queries)."""
    base = tools.order_by().values("pk")
    ids = Tool.objects.filter(pk__in=base)
    kinds = dict(ids.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    needs = dict(
        ids.filter(needs__isnull=False)
        .values_list("needs__slug")
        .annotate(n=Count("pk"))
        .values_list("needs__slug", "n")
    )
    fits: dict[str, int] = {}
    for values in ids.values_list("fits", flat=True):
        for value in values:
            fits[value] = fits.get(value, 0) + 1
    personal = dict(
        ids.filter(current_assessment__isnull=False)
        .values_list("current_assessment__processes_personal_data")
        .annotate(n=Count("pk"))
        .values_list("current_assessment__processes_personal_data", "n")
    )
    return {
        "kind": kinds,
        "need": needs,
        "fit": fits,
        "personal_data": {"yes": personal.get(True, 0), "no": personal.get(False, 0)},
    }
