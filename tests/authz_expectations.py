"""The reviewed authorisation table: who may GET which route.

Every route that `django.urls.get_resolver()` lists must match an entry here,
exactly by its name ("namespace:name"; unnamed patterns as
"namespace:<route>") or by one of the PATTERNS (admin, allauth groups);
tests/test_authz_matrix.py fails for any route without one. Adding a view
therefore means deciding here who may open it.

Roles: anonymous, coworker (any signed-in user), manager_a (community manager
of hub A, "Samverket", which owns every object the URLs name), manager_b
(community manager of hub B), staff (Region staff) and admin (superuser).

Outcomes, as tests/test_authz_matrix.classify() names response classes:
  ok           2xx
  login        302 to the portal's login page (LoginRequiredMiddleware)
  admin_login  302 to the admin's login page
  redirect     any other 3xx
  denied       401/403
  not_found    404
  method       405 (the route takes POST only)
  status_NNN   any other status
Each role maps to the tuple of outcomes accepted for it. "Refused" means
denied or not_found: a refusal either way, never data.
"""

from __future__ import annotations

import re

ROLES = ("anonymous", "coworker", "manager_a", "manager_b", "staff", "admin")

OK = ("ok",)
LOGIN = ("login",)
REFUSED = ("denied", "not_found")
DENIED = ("denied",)
METHOD = ("method",)
REDIRECT = ("redirect",)


def _table(anonymous, coworker, manager_a, manager_b, staff, admin) -> dict[str, tuple]:
    return dict(zip(ROLES, (anonymous, coworker, manager_a, manager_b, staff, admin), strict=True))


def same(outcome: tuple) -> dict[str, tuple]:
    return _table(*([outcome] * len(ROLES)))


# --- Pages --------------------------------------------------------------------------

# Anyone, signed in or not.
PUBLIC = same(OK)
# Any signed-in user; anonymous visitors are sent to the login page.
LOGIN_REQUIRED = _table(LOGIN, OK, OK, OK, OK, OK)
# Region staff and admins only.
STAFF = _table(LOGIN, REFUSED, REFUSED, REFUSED, OK, OK)
# A page about hub A (or one of its objects): its managers, Region staff
# (read-only: forms are shown disabled and POST is 403) and admins.
HUB_A = _table(LOGIN, REFUSED, OK, REFUSED, OK, OK)
# Writing for hub A only: its managers and admins, not the read-only Region staff.
HUB_A_WRITE = _table(LOGIN, REFUSED, OK, REFUSED, REFUSED, OK)
# Organiser pages not tied to one hub: any community manager, staff, admins.
ORGANISER = _table(LOGIN, REFUSED, OK, OK, OK, OK)
# POST-only endpoints: GET is 405 once past the login wall.
POST_ONLY = _table(LOGIN, METHOD, METHOD, METHOD, METHOD, METHOD)
# Only for visitors who are not signed in; signed-in users are redirected away.
ANONYMOUS_ONLY = _table(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)
# allauth steps that only make sense mid-flow (a code sent, no password yet):
# signed-in users without such a flow are redirected.
LOGIN_THEN_REDIRECT = _table(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)

# --- API ------------------------------------------------------------------------------

# Public reads (the anonymous get 200).
API_PUBLIC = same(OK)
# Signed-in users; the anonymous get 403 JSON (never a login redirect).
API_LOGIN = _table(DENIED, OK, OK, OK, OK, OK)
API_LOGIN_POST_ONLY = _table(DENIED, METHOD, METHOD, METHOD, METHOD, METHOD)
# Records of hubs, scoped to the hubs one may see (lists) ...
API_HUB_RECORDS = _table(DENIED, DENIED, OK, OK, OK, OK)
# ... and one of hub A's objects.
API_HUB_A = _table(DENIED, REFUSED, OK, REFUSED, OK, OK)
# Hub A's scoped reads that are otherwise public (a hub-scope target): others get 404.
API_HUB_A_SCOPED = _table(("not_found",), ("not_found",), OK, ("not_found",), OK, OK)
API_STAFF = _table(DENIED, DENIED, DENIED, DENIED, OK, OK)
API_STAFF_POST_ONLY = _table(DENIED, DENIED, DENIED, DENIED, METHOD, METHOD)

# --- Django admin (is_staff users only; here the superuser) ------------------------------

# Anonymous visitors meet LoginRequiredMiddleware or the admin's own login,
# signed-in non-admins the admin login. The admin gets the page, a redirect
# (an object that does not exist) or a 403 (no add/delete on read-only models).
ADMIN = _table(
    ("login", "admin_login"),
    ("admin_login",),
    ("admin_login",),
    ("admin_login",),
    ("admin_login",),
    ("ok", "redirect", "denied"),
)

# allauth's old social account URLs: plain redirects to the new ones, behind the
# login wall like every view not marked public.
SOCIAL_LEGACY = _table(LOGIN, *([REDIRECT] * 5))

EXACT: dict[str, dict[str, tuple]] = {
    # Project pages
    "home": PUBLIC,
    "about": PUBLIC,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    # Reports health; 503 while a dependency (e.g. the Celery worker) is down.
    "healthz": same(("ok", "status_503")),
    # GET without a language just redirects back.
    "set_language": same(REDIRECT),
    "profile": LOGIN_REQUIRED,
    # GDPR: one's own data and account only (the user comes from the session).
    "account_data": LOGIN_REQUIRED,
    "account_data_download": LOGIN_REQUIRED,
    "account_delete": LOGIN_REQUIRED,
    "account_deleted": PUBLIC,
    # Audit trail: Region staff.
    "audit-list": STAFF,
    # Uploaded photos are public; the matrix asks for one that does not exist.
    "media": same(("not_found",)),
    # allauth
    "account_login": ANONYMOUS_ONLY,
    "account_signup": ANONYMOUS_ONLY,
    "account_logout": _table(REDIRECT, OK, OK, OK, OK, OK),
    "account_inactive": PUBLIC,
    "account_reauthenticate": LOGIN_REQUIRED,
    "account_request_reauthentication_code": LOGIN_REQUIRED,
    "account_confirm_reauthentication_code": LOGIN_THEN_REDIRECT,
    "account_confirm_login_code": LOGIN_THEN_REDIRECT,
    "account_set_password": LOGIN_THEN_REDIRECT,
    "account_email": LOGIN_REQUIRED,
    "account_change_password": LOGIN_REQUIRED,
    "account_email_verification_sent": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    # A bad key shows the "invalid link" page, nothing else.
    "account_confirm_email": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    # Staff single sign-on (allauth.socialaccount; accounts/sso.py). The matrix runs with
    # SSO off, as by default: the provider's login and callback are 404 for everyone.
    "openid_connect_login": same(("not_found",)),
    "openid_connect_callback": same(("not_found",)),
    # "Sign-in cancelled at the provider": anyone.
    "socialaccount_login_cancelled": PUBLIC,
    # allauth's static "third-party login failure" page, always a 401 (the callback
    # renders the same page itself; this URL is for providers we do not use).
    "socialaccount_login_error": _table(LOGIN, *([DENIED] * 5)),
    # The sign-up form for a provider account without a usable address: only in the
    # middle of an SSO sign-in; otherwise back to the login page, for everyone.
    "socialaccount_signup": same(LOGIN),
    # One's own linked provider accounts.
    "socialaccount_connections": LOGIN_REQUIRED,
    # hubs: public pages
    "hubs:index": PUBLIC,
    "hubs:event-list": PUBLIC,
    "hubs:hub-detail": PUBLIC,
    # hubs: the workspace of hub A
    "hubs:workspace": HUB_A,
    "hubs:activity-list": HUB_A,
    "hubs:activity-create": HUB_A,
    "hubs:activity-update": HUB_A,
    "hubs:activity-delete": HUB_A,
    "hubs:occupancy-week": HUB_A,
    "hubs:occupancy-cell": HUB_A,
    "hubs:occupancy-breakdown": HUB_A,
    "hubs:import-upload": HUB_A_WRITE,
    "hubs:import-confirm": POST_ONLY,
    # learning journeys: organiser pages (the journey and meeting belong to hub A)
    "learning_journeys:organise-index": ORGANISER,
    "learning_journeys:organise-journey-create": ORGANISER,
    "learning_journeys:organise-meeting-create": ORGANISER,
    "learning_journeys:organise-journey-edit": HUB_A,
    "learning_journeys:organise-meeting-edit": HUB_A,
    "learning_journeys:organise-meeting-cancel": HUB_A,
    "learning_journeys:organise-reservations": HUB_A,
    "learning_journeys:organise-attendees": HUB_A,
    "learning_journeys:organise-attendees-csv": HUB_A,
    "learning_journeys:organise-message": HUB_A,
    "learning_journeys:organise-report": HUB_A,
    "learning_journeys:organise-feedback": HUB_A,
    "learning_journeys:organise-meeting-publish": POST_ONLY,
    "learning_journeys:organise-attendance": POST_ONLY,
    # learning journeys: public and participant pages
    "learning_journeys:index": PUBLIC,
    "learning_journeys:journey-detail": PUBLIC,
    "learning_journeys:meeting-detail": PUBLIC,
    "learning_journeys:meeting-ics": PUBLIC,
    "learning_journeys:guest-register": ANONYMOUS_ONLY,
    "learning_journeys:meeting-register": POST_ONLY,
    "learning_journeys:meeting-cancel-own": POST_ONLY,
    "learning_journeys:calendar-feed-reset": POST_ONLY,
    "learning_journeys:my-registrations": LOGIN_REQUIRED,
    # Feedback opens to attendees after the meeting; the matrix's meeting is next week.
    "learning_journeys:meeting-feedback": _table(LOGIN, *([REFUSED] * 5)),
    # Signed links and the private feed token are bearer keys: valid for anyone holding them.
    "learning_journeys:guest-confirm": PUBLIC,
    "learning_journeys:link-cancel": PUBLIC,
    "learning_journeys:link-feedback": same(REFUSED),  # meeting not held yet
    "learning_journeys:calendar-feed": PUBLIC,
    # accounting
    "accounting:index": PUBLIC,
    "accounting:dashboard": STAFF,
    "accounting:dashboard-csv": STAFF,
    "accounting:dashboard-xlsx": STAFF,
    "accounting:hub-report": HUB_A,
    "accounting:hub-report-csv": HUB_A,
    "accounting:hub-report-xlsx": HUB_A,
    "accounting:self-assessment": HUB_A,
    "accounting:challenge-list": PUBLIC,
    "accounting:challenge-detail": PUBLIC,
    "accounting:challenge-create": STAFF,
    "accounting:challenge-edit": STAFF,
    "accounting:challenge-update": STAFF,
    "accounting:challenge-sub-results": STAFF,
    "accounting:indicator-list": STAFF,
    "accounting:indicator-edit": STAFF,
    "accounting:targets": STAFF,
    "accounting:manual-values": STAFF,
    "accounting:runs": STAFF,
    "accounting:recompute": POST_ONLY,
    "accounting:annual-report": STAFF,
    "accounting:annual-report-pdf": STAFF,
    "accounting:open-data": PUBLIC,
    "accounting:open-data-file": PUBLIC,
    # toolbox
    "toolbox:index": PUBLIC,
    "toolbox:tool-detail": PUBLIC,
    "toolbox:label-criteria": PUBLIC,
    # Without ?tools= the comparison is a 400 for everyone.
    "toolbox:compare": same(("status_400",)),
    "toolbox:review": LOGIN_REQUIRED,
    "toolbox:suggest": LOGIN_REQUIRED,
    "toolbox:moderation": STAFF,
    "toolbox:moderate-tool": POST_ONLY,
    "toolbox:moderate-review": POST_ONLY,
    "toolbox:manage": STAFF,
    "toolbox:tool-create": STAFF,
    "toolbox:tool-edit": STAFF,
    "toolbox:assessment-create": STAFF,
    "toolbox:decisions": STAFF,
    # Any community manager records their own hubs' use (object checks below).
    "toolbox:adoptions": ORGANISER,
    # API: hubs
    "api-municipality-list": API_PUBLIC,
    "api-municipality-detail": API_PUBLIC,
    "api-organisation-list": API_PUBLIC,
    "api-county-event-list": API_PUBLIC,
    "api-hub-list": API_PUBLIC,
    "api-hub-detail": API_PUBLIC,
    "api-activity-list": API_HUB_RECORDS,
    "api-occupancy-list": API_HUB_RECORDS,
    "api-activity-detail": API_HUB_A,
    # API: learning journeys (published meetings are public)
    "api-learning-journey-list": API_PUBLIC,
    "api-learning-journey-detail": API_PUBLIC,
    "api-meeting-list": API_PUBLIC,
    "api-meeting-detail": API_PUBLIC,
    "api-meeting-attendees": API_HUB_A,
    "api-meeting-publish": API_LOGIN_POST_ONLY,
    "api-meeting-cancel": API_LOGIN_POST_ONLY,
    "api-meeting-registration": API_LOGIN_POST_ONLY,
    "api-registration-list": API_LOGIN,  # one's own registrations only
    # API: toolbox
    "api-tool-list": API_PUBLIC,
    "api-tool-detail": API_PUBLIC,
    "api-tool-assessments": API_PUBLIC,
    "api-need-list": API_PUBLIC,
    "api-tool-review": API_LOGIN_POST_ONLY,
    "api-tool-suggestion-list": API_LOGIN,
    "api-moderation-suggestion-list": API_STAFF,
    "api-moderation-review-list": API_STAFF,
    "api-moderation-suggestion-publish": API_STAFF_POST_ONLY,
    "api-moderation-suggestion-reject": API_STAFF_POST_ONLY,
    "api-moderation-review-hide": API_STAFF_POST_ONLY,
    "api-moderation-review-show": API_STAFF_POST_ONLY,
    # API: accounting (a hub's snapshots and targets only for its managers and staff)
    "api-indicator-list": API_PUBLIC,
    "api-indicator-detail": API_PUBLIC,
    "api-snapshot-list": API_PUBLIC,
    "api-target-list": API_PUBLIC,
    "api-target-detail": API_HUB_A_SCOPED,  # the matrix's target is hub A's
    "api-manual-value-create": API_LOGIN_POST_ONLY,
    "api-challenge-list": API_PUBLIC,
    "api-challenge-detail": API_PUBLIC,
    "api-challenge-update-create": API_STAFF_POST_ONLY,
    # API: schema and docs are public
    "api-schema": API_PUBLIC,
    "api-docs": API_PUBLIC,
    # Any other address under /api/: a JSON 404 for everyone.
    "api-not-found": same(("not_found",)),
    # Django admin: special routes
    "admin:login": _table(OK, OK, OK, OK, OK, REDIRECT),
    "admin:logout": _table(("admin_login",), REDIRECT, REDIRECT, REDIRECT, REDIRECT, METHOD),
    "admin:<admin/(?P<url>.*)$>": _table(
        ("login", "admin_login"), *([("admin_login",)] * 4), ("not_found",)
    ),
}

PATTERNS: list[tuple[re.Pattern[str], dict[str, tuple]]] = [
    # Every other admin page (index, app index, changelists, add/change/delete/history,
    # password change, autocomplete, jsi18n, view-on-site, the old object URLs).
    (re.compile(r"admin:.*"), ADMIN),
    # allauth's old social account URLs (permanent redirects to the new ones).
    (
        re.compile(r"<konto/social/(login/cancelled|login/error|signup|connections)/>"),
        SOCIAL_LEGACY,
    ),
]


def lookup(key: str) -> dict[str, tuple] | None:
    if key in EXACT:
        return EXACT[key]
    for regex, expected in PATTERNS:
        if regex.fullmatch(key):
            return expected
    return None
