"""The privacy label: a tier (pass, warning, fail) from explicit written
criteria, and the CNIL-style risk matrix (likelihood × severity) for three
feared events: unauthorised access, unwanted change and loss of data.

The criteria are the portal's policy and are shown to users word for word
on /verktygslada/integritetsmarkning/.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .models import Likelihood, PrivacyAssessment

PASS, WARNING, FAIL = "pass", "warning", "fail"
TIER_ORDER = {PASS: 0, WARNING: 1, FAIL: 2}
TIER_LABELS = {PASS: _("Pass"), WARNING: _("Warning"), FAIL: _("Fail")}

# Risk score = likelihood × severity, each 1-4 (CNIL's scale).
RISK_LOW_MAX = 4  # 1-4: acceptable
RISK_MEDIUM_MAX = 8  # 6-8: needs measures; 9-16: unacceptable without them
RISK_NAMES = {
    "access": _("Unauthorised access to data"),
    "change": _("Unwanted change of data"),
    "loss": _("Loss of data"),
}


def risk_level(score: int) -> str:
    if score <= RISK_LOW_MAX:
        return PASS
    if score <= RISK_MEDIUM_MAX:
        return WARNING
    return FAIL


@dataclass(frozen=True)
class Criterion:
    key: str
    text: str
    evaluate: Callable[[PrivacyAssessment, date], str]


def _storage(a: PrivacyAssessment, today: date) -> str:
    S = PrivacyAssessment.Storage
    if a.storage in (S.EU, S.NONE):
        return PASS
    if a.storage == S.OUTSIDE_EU:
        return FAIL if a.processes_personal_data else WARNING
    return WARNING if a.processes_personal_data else PASS


def _legal_basis(a: PrivacyAssessment, today: date) -> str:
    if not a.processes_personal_data:
        return PASS
    return FAIL if a.legal_basis in ("unclear", "not_applicable") else PASS


def _dpia(a: PrivacyAssessment, today: date) -> str:
    worst = max(a.risk_scores().values())
    if a.processes_personal_data and worst > RISK_LOW_MAX and not a.dpia_exists:
        return WARNING
    return PASS


def _risk(a: PrivacyAssessment, today: date) -> str:
    return max(
        (risk_level(score) for score in a.risk_scores().values()), key=TIER_ORDER.__getitem__
    )


CRITERIA = (
    Criterion(
        "no_selling",
        _("The supplier does not sell or share the data for its own purposes. Otherwise: fail."),
        lambda a, today: FAIL if a.sells_data else PASS,
    ),
    Criterion(
        "no_tracking",
        _("No third-party tracking or advertising. Otherwise: fail."),
        lambda a, today: FAIL if a.third_party_tracking else PASS,
    ),
    Criterion(
        "no_monitoring",
        _(
            "The tool does not show or record where individual people are or what they do. "
            "Otherwise: fail (the reason the study's presence tools were stopped)."
        ),
        lambda a, today: FAIL if a.monitors_individuals else PASS,
    ),
    Criterion(
        "eu_storage",
        _(
            "Data is kept in the EU/EEA. Outside it with safeguards, or not known: warning. "
            "Personal data outside it without adequate safeguards: fail."
        ),
        _storage,
    ),
    Criterion(
        "legal_basis",
        _("Personal data is processed only with a stated legal basis. Otherwise: fail."),
        _legal_basis,
    ),
    Criterion(
        "dpia",
        _(
            "Personal data with more than a low risk has a data protection impact "
            "assessment (DPIA). Otherwise: warning."
        ),
        _dpia,
    ),
    Criterion(
        "risk",
        _(
            "Every risk (likelihood × severity, 1-16) is low (1-4). Medium (6-8): warning. "
            "High (9-16): fail."
        ),
        _risk,
    ),
    Criterion(
        "current",
        _("The assessment has not passed its re-assessment date. Otherwise: warning."),
        lambda a, today: WARNING if a.reassess_by < today else PASS,
    ),
)


@dataclass(frozen=True)
class RiskCell:
    key: str
    name: str
    likelihood: int
    severity: int
    score: int
    level: str

    @property
    def likelihood_label(self) -> str:
        return str(Likelihood(self.likelihood).label)

    @property
    def severity_label(self) -> str:
        return str(Likelihood(self.severity).label)


@dataclass(frozen=True)
class PrivacyLabel:
    tier: str
    results: list[tuple[Criterion, str]]
    risks: list[RiskCell]
    need: str
    benefit: str
    assessment: PrivacyAssessment

    @property
    def tier_label(self) -> str:
        return str(TIER_LABELS[self.tier])

    @property
    def failed(self) -> list[Criterion]:
        return [c for c, outcome in self.results if outcome != PASS]


def privacy_label(assessment: PrivacyAssessment, *, today: date) -> PrivacyLabel:
    results = [(criterion, criterion.evaluate(assessment, today)) for criterion in CRITERIA]
    tier = max((outcome for _c, outcome in results), key=TIER_ORDER.__getitem__)
    risks = [
        RiskCell(
            key=key,
            name=str(RISK_NAMES[key]),
            likelihood=getattr(assessment, f"{key}_likelihood"),
            severity=getattr(assessment, f"{key}_severity"),
            score=score,
            level=risk_level(score),
        )
        for key, score in assessment.risk_scores().items()
    ]
    return PrivacyLabel(
        tier=tier,
        results=results,
        risks=risks,
        need=assessment.need,
        benefit=assessment.benefit,
        assessment=assessment,
    )
