"""The catalogue: every sentence in both languages, filled the same way in each."""

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

import words
from words import Said, placeholders, said, say, sentences
from words.catalogue import _entries

ROOT = Path(__file__).parent.parent.parent
KEY_IN_CODE = re.compile(r"""\b(?:say|said|t|_w)\(\s*f?["']([a-z_][a-z0-9_.]*)["']""")


def test_every_sentence_has_french_and_english_with_the_same_placeholders():
    for key, entry in sentences().items():
        assert entry["fr"].strip(), key
        assert entry["en"].strip(), key
        assert placeholders(entry["fr"]) == placeholders(entry["en"]), key


def test_the_two_languages_differ_where_a_sentence_has_words():
    same = [k for k, e in sentences().items() if e["fr"] == e["en"] and len(e["fr"].split()) > 3]
    assert not same, same


def test_every_key_the_code_names_is_in_the_catalogue():
    known = sentences()
    missing = set()
    for path in [*ROOT.glob("*/**/*.py")]:
        if path.parts[len(ROOT.parts)] in ("build", "tests", ".git"):
            continue
        for key in KEY_IN_CODE.findall(path.read_text(encoding="utf-8")):
            if "{" in key or key.endswith("."):
                continue
            if key not in known and f"report.{key}" not in known:
                missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, sorted(missing)


def test_numbers_dates_and_nested_sentences_are_written_the_language_way():
    day = dt.date(2024, 3, 12)
    assert words.number(12345.67, 1) == "12\u202f345,7"
    assert words.number(12345.67, 1, lang="en") == "12,345.7"
    assert words.euros(-12.5, lang="en") == "-€12"
    assert words.euros(1234.5, 2) == "1\u202f234,50 €"
    assert words.percent(0.425, 1, lang="en") == "42.5%"
    assert words.day(day) == "12/03/2024"
    assert words.day(day, lang="en") == "12 Mar 2024"
    assert words.day(day, lang="fr", long=True) == "12 mars 2024"
    assert words.number(-0.01) == "0"  # never "-0"
    from words.catalogue import _Value

    assert f"{_Value(1234.5, 'fr'):.1f}" == "1\u202f234,5"
    assert f"{_Value(3, 'en')}" == "3"
    assert f"{_Value(0.07, 'fr'):%}" == "7 %"
    assert f"{_Value(12.3, 'en'):eur.2}" == "€12.30"
    assert f"{_Value(day, 'en'):long}" == "12 March 2024"
    assert f"{_Value(Said('option.hphc'), 'en')}" == say("option.hphc", "en")
    with pytest.raises(ValueError, match="unknown number format"):
        format(_Value(1.0, "fr"), "x")


def test_said_checks_its_values_and_says_itself_in_each_language():
    s = said("tempo.estimated", n=100)
    assert s.say() == "couleurs estimées pour 100 jours"
    assert s.say("en") == "colours estimated for 100 days"
    assert s.as_dict() == {"key": "tempo.estimated", "values": {"n": 100}}
    with pytest.raises(KeyError, match="fills"):
        said("tempo.estimated", days=100)
    with pytest.raises(KeyError):
        said("no.such.key")


def test_a_broken_catalogue_says_which_file_and_key(tmp_path):
    with pytest.raises(ValueError, match="fr and en"):
        _entries({"a": {"b": 1}})
    with pytest.raises(ValueError, match="fr and en strings"):
        _entries({"a": "text"})
    code = f"""
import shutil, words.catalogue as c
from pathlib import Path
folder = Path({str(tmp_path)!r})
for p in c.FOLDER.glob("*.toml"):
    shutil.copy(p, folder)
(folder / "zz.toml").write_text('[app_title]\\nfr = "a"\\nen = "b"\\n')
c.FOLDER = folder
try:
    c.sentences()
except ValueError as e:
    print(e)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert "zz.toml: 'app_title' is also in app.toml" in out.stdout, out.stderr


def test_no_sentence_names_the_projects_own_documents():
    # A household reads sources it can look up, never "analytics.md §1.2".
    for key, both in sentences().items():
        for lang, text in both.items():
            design = ("analytics.md", "formats.md", "field-2026.md", "ARCHITECTURE", "§")
            assert not [d for d in design if d in text], (key, lang)
