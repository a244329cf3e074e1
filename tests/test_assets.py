"""No CDN, no external fonts: every asset the portal loads is served from static/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

EXTERNAL_ASSET = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def project_files():
    dirs = [ROOT / "templates", ROOT / "static"]
    dirs += [p for p in ROOT.glob("*/templates") if p.parent.name not in {".venv", "var"}]
    for directory in dirs:
        for path in directory.rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".svg"} and "vendor" not in path.parts:
                yield path


def test_the_checker_catches_external_references():
    for sample in (
        '<script src="https://cdn.example/htmx.js"></script>',
        "<link rel=stylesheet href=//fonts.example/css>",
        "@import url('https://fonts.example/x.css');",
        "body { background: url(http://example.org/a.png) }",
    ):
        assert EXTERNAL_ASSET.search(sample), sample
    assert not EXTERNAL_ASSET.search('<a href="https://www.regionjh.se">Region JH</a>')


def test_no_template_or_stylesheet_references_an_external_asset():
    offenders = []
    for path in project_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EXTERNAL_ASSET.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["home", "hubs:index", "account_login", "account_signup", "admin:login"]
)
def test_rendered_pages_load_nothing_from_other_sites(client, name):
    body = client.get(reverse(name)).content.decode()
    assert not EXTERNAL_ASSET.search(body)
