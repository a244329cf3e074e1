"""Swedish is complete: no untranslated or fuzzy entries ship."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def test_swedish_catalogue_is_complete():
    po = polib.pofile(str(ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 50
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.untranslated_entries()] == []


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
    po = polib.pofile(str(ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    broken = []
    for entry in po.translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = sorted(placeholder.findall(entry.msgid))
        if any(sorted(placeholder.findall(text)) != expected for text in translations):
            broken.append(entry.msgid)
    assert broken == []
