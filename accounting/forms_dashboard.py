"""The dashboard's GET filters: period type, period, municipality, hub and the
map's indicator. They work without JavaScript; a bad value is shown as a
field error and the page falls back to the default for that filter."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub, Municipality

from .dashboard_selectors import Filters, Period, References
from .models import Indicator, PeriodType

DEFAULT_PERIOD_TYPE = PeriodType.MONTH


def period_type_from(data: QueryDict) -> str:
    value = data.get("period_type", "")
    return value if value in PeriodType.values else DEFAULT_PERIOD_TYPE


class DashboardFilterForm(forms.Form):
    period_type = forms.ChoiceField(
        label=_("Period type"), choices=PeriodType.choices, required=False
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    map = forms.ChoiceField(label=_("Indicator on the map"), required=False)

    def __init__(self, data: QueryDict | None, *, period_type: str, periods: list[date],
                 refs: References | None = None) -> None:  # fmt: skip
        """`periods`: the period starts present for `period_type`, newest first.
        Without `refs` (a hub's report) only the period fields are offered."""
        self.period_type_value = period_type
        today_period = Period.containing(period_type, timezone.localdate())
        self.periods = [Period(period_type, start) for start in periods] or [today_period]
        if data is not None:
            data = self._snap_period(data, period_type)
        super().__init__(data)
        self.fields["period"].choices = [(p.value, p.label) for p in self.periods]
        self.refs = refs
        if refs is None:
            for name in ("municipality", "hub", "map"):
                del self.fields[name]
            return
        self.municipalities = {m.code: m for m in refs.municipalities}
        self.hubs = {h.slug: h for h in refs.hubs}
        self.indicators = {i.code: i for i in refs.indicators}
        self.fields["municipality"].choices = [("", _("All municipalities"))] + [
            (m.code, m.name) for m in refs.municipalities
        ]
        self.fields["hub"].choices = [("", _("All hubs"))] + [
            (h.slug, f"{h.name} ({refs.municipality_name(h)})" if h.municipality_id else h.name)
            for h in refs.hubs
        ]
        self.fields["map"].choices = [(i.code, i.name) for i in refs.indicators]

    @staticmethod
    def _snap_period(data: QueryDict, period_type: str) -> QueryDict:
        """A period of another type (the type was changed without JavaScript) is
        read as the period of the chosen type that contains it."""
        try:
            day = date.fromisoformat(data.get("period", ""))
        except ValueError:
            return data
        data = data.copy()
        data["period"] = Period.containing(period_type, day).value
        return data

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.refs is None:
            return cleaned
        municipality = self.municipalities.get(cleaned.get("municipality") or "")
        hub = self.hubs.get(cleaned.get("hub") or "")
        if municipality and hub and hub.municipality_id != municipality.pk:
            self.add_error("hub", _("This hub is not in the chosen municipality."))
        return cleaned

    def filters(self) -> Filters:
        """The filters to apply: each valid value, else its default."""
        data: dict = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        period = next((p for p in self.periods if p.value == data.get("period")), self.periods[0])
        if self.refs is None:
            return Filters(period=period)
        map_indicator: Indicator | None = self.indicators.get(data.get("map") or "")
        if map_indicator is None and self.refs.indicators:
            map_indicator = self.refs.indicators[0]
        municipality: Municipality | None = self.municipalities.get(data.get("municipality") or "")
        hub: Hub | None = None if self.has_error("hub") else self.hubs.get(data.get("hub") or "")
        return Filters(
            period=period, municipality=municipality, hub=hub, map_indicator=map_indicator
        )

    @staticmethod
    def querystring(filters: Filters) -> str:
        """The filters as a query string (for the export links)."""
        params = {"period_type": filters.period.type, "period": filters.period.value}
        if filters.municipality is not None:
            params["municipality"] = filters.municipality.code
        if filters.hub is not None:
            params["hub"] = filters.hub.slug
        if filters.map_indicator is not None:
            params["map"] = filters.map_indicator.code
        return urlencode(params)
