"""Names and helpers that more than one subject of the demo data uses."""

from zoneinfo import ZoneInfo

from django.utils.text import slugify

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# Organisations named in the study, by the name the reference data uses.
REGION = "Region Jämtland Härjedalen"
OSTERSUND = "Östersunds kommun"
NATURVARDSVERKET = "Naturvårdsverket"
TILLVAXTANALYS = "Myndigheten för tillväxtpolitiska utvärderingar och analyser (Tillväxtanalys)"
MSB = "Myndigheten för samhällsskydd och beredskap (MSB)"
POLISEN = "Polismyndigheten"
LANSSTYRELSEN = "Länsstyrelsen Jämtlands län"


def demo_email(name: str) -> str:
    return f"{slugify(name).replace('-', '.')}@example.org"
