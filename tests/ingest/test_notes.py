"""The readers' notes are sentences of the catalogue: said in French or English, kept by key."""

import json

import pytest

from ingest import ExportError, Note, Store, read_export
from tests.conftest import DATA
from words import said, sentences

READABLE = sorted(
    p for p in DATA.glob("*/*") if p.is_file() and not p.name.startswith(("bad_", "."))
)


def _notes() -> list[tuple[str, Note]]:
    found = []
    for path in READABLE:
        try:
            export = read_export(path)
        except ExportError:  # a file that needs an option (a unit, a start time)
            continue
        found += [(path.name, n) for n in export.notes]
    return found


NOTES = _notes()


def test_every_reader_note_of_the_test_files_is_a_catalogue_sentence():
    keys = {n.text.key for _, n in NOTES}
    assert len(keys) >= 25, sorted(keys)  # the test files reach most readers' notes
    assert all(k.startswith("ingest.note.") and k in sentences() for k in keys)


def test_a_note_says_itself_in_each_language_and_its_message_is_the_english():
    for name, note in NOTES:
        fr, en = note.text.say("fr"), note.text.say("en")
        assert note.message == en, name
        assert str(note) == note.say(lang="en"), name
        if len(en.split()) > 3:
            assert fr != en, (name, en)


def _note(file: str, key: str) -> Note:
    return next(n for name, n in NOTES if name == file and n.text.key == key)


def test_the_notes_french_pages_showed_in_english_are_french_now():
    fr = {n.text.key: n.text.say("fr") for name, n in NOTES if name == "curve_lf_no_bom.csv"}
    assert fr["ingest.note.interval_ends"] == (
        "les horodatages marquent la fin des intervalles (convention Enedis) ; "
        "chaque intervalle est enregistré à partir de son début"
    )
    assert fr["ingest.note.average_power"].startswith(
        "les valeurs sont des puissances moyennes en W ; énergie [Wh]"
    )
    assert fr["ingest.note.step_inferred"] == "pas de temps déduit des horodatages : 30 min"
    empty = _note("index_calendar_and_peaks.csv", "ingest.note.no_value_field")
    assert empty.say("fr") == "ligne 13 : pas de valeur (champ vide)"


def test_a_note_with_a_line_names_it_in_each_language():
    note = Note("skipped", said("ingest.note.no_value_field"), 3925)
    assert note.say("fr") == "ligne 3925 : pas de valeur (champ vide)"  # no thousands space
    assert note.say("en") == "line 3925: no value (empty field)"


def test_numbers_and_nested_words_follow_the_language():
    steps = next(n for name, n in NOTES if n.text.key == "ingest.note.step")
    assert "lignes" in steps.say("fr")
    assert "rows" in steps.say("en")
    index = _note("index_calendar_and_peaks.csv", "ingest.note.daily_from_index")
    assert index.say("fr").startswith("consommation quotidienne = différence")
    assert index.say("en").startswith("daily consumption = difference")
    mixed = _note("curve_step_change_gaps.csv", "ingest.note.step_inferred")
    assert (
        mixed.say("fr")
        == "pas de temps déduit des horodatages : 30 min (10 lignes), 60 min (4 lignes)"
    )
    assert mixed.say("en") == "step inferred from the timestamps: 30 min (10 rows), 60 min (4 rows)"


def test_a_note_comes_back_from_its_json_form():
    for name, note in NOTES:
        assert Note.from_dict(json.loads(json.dumps(note.as_dict()))) == note, name


def test_masked_masks_the_meter_number_in_a_notes_values():
    note = Note("inferred", said("ingest.note.greenbutton_meter", meter="12345678901234"))
    assert "12345678901234" in note.message
    assert "12345678901234" not in note.masked().say("fr")
    assert note.masked().text.key == note.text.key


def test_the_import_log_keeps_each_note_by_key_and_in_english(tmp_path):
    path = DATA / "enedis_portal_csv" / "index_calendar_and_peaks.csv"
    export = read_export(path)
    Store(tmp_path / "s").add(export)
    (entry,) = Store(tmp_path / "s").imports()
    assert entry["notes"] == [str(n) for n in export.notes]
    assert [Note.from_dict(n) for n in entry["said"]] == [n.masked() for n in export.notes]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_note_leaves_a_placeholder_unfilled(lang):
    for name, note in NOTES:
        assert "{" not in note.say(lang), (name, note.say(lang))


def test_one_tic_group_is_said_in_the_singular():
    from ingest.formats.tic.reader import _corrupt, _partial

    assert _corrupt(1).say("fr") == "1 groupe corrompu (somme de contrôle ou découpage)"
    assert _corrupt(2).say("en") == "2 corrupted groups (checksum or framing)"
    assert _partial(1).say("en") == "1 group of a partial first or last frame"
    assert _partial(1_234).say("fr") == (
        "1\u202f234 groupes de premières ou dernières trames incomplètes"
    )
