"""Better Swedish for a few django-allauth strings.

Our locale/ wins over allauth's own catalogue, but `makemessages` keeps only
msgids found in our code; listing them here keeps the overrides in our .po.
allauth's Swedish says "Epost" and "Verifiera" where Swedish authorities write
"E-postadress" and "Bekräfta".
"""

from django.utils.translation import gettext_noop

ALLAUTH_OVERRIDES = (
    gettext_noop("Email"),
    gettext_noop("Confirm"),
    gettext_noop("Confirm Email Address"),
)
