"""The case file: a mistake is one line naming the key; identifiers are normalised once, here."""

from __future__ import annotations

from pathlib import Path

import pytest
from caselog.case import load_case
from caselog.errors import CaselogError

GOOD = """\
case:
  reference: CL-2026-0042
  timezone: Europe/London
  prepared_by: "A. Advocate"
  exhibit_prefix: AA
people:
  - role: victim
    name: Sam Taylor
    identifiers: ["+447700900001", "Sam.Taylor@Example.org", "Sam Taylor"]
  - role: suspect
    name: Mark Doe
    relationship: ex-partner
    identifiers: ["+447700900123", "07700 900456", "mark.doe@example.com", "Mark D"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_case_normalises_identifiers(tmp_path: Path) -> None:
    case = load_case(_write(tmp_path, GOOD))
    assert case.default_region == "GB"           # derived from Europe/London
    assert case.victim.identifiers == ("+447700900001", "sam.taylor@example.org", "Sam Taylor")
    suspect = case.person_for("+447700900456")
    assert suspect is not None and suspect.role == "suspect" and suspect.relationship == "ex-partner"
    assert case.person_for("MARK  d") is suspect   # display names: case and spacing do not matter
    assert case.person_for("+447700900999") is None


def test_sample_case_loads(demo_case) -> None:
    assert demo_case.reference == "CL-2026-0042"
    assert {p.role for p in demo_case.people} >= {"victim", "suspect"}


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("timezone: Europe/London", "timezone: Europe/Londn", "case.timezone: 'Europe/Londn' is not an IANA time zone"),
    ("  - role: victim\n", "  - role: witness\n", "people: 0 entries have role: victim"),
    ('"mark.doe@example.com"', '"mark.doe@"', "people[1].identifiers[2]: 'mark.doe@' is not an e-mail address"),
    ('"07700 900456"', '"0770"', "people[1].identifiers[1]"),
    ('"07700 900456"', '"+44 7700 900001"', "people[1].identifiers[1]: '+44 7700 900001' is also an identifier of "
                                             "people[0]"),
    ("exhibit_prefix: AA", "exhibit_prefix: A/A", "case.exhibit_prefix"),
    ("  reference: CL-2026-0042\n", "", "case.reference: missing"),
    ("role: suspect", "role: stalker", "people[1].role: 'stalker' is not one of"),
])
def test_mistakes_are_one_line_naming_the_key(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    with pytest.raises(CaselogError) as caught:
        load_case(_write(tmp_path, GOOD.replace(old, new, 1)))
    message = str(caught.value)
    assert message.startswith("case.yaml: ")
    assert expected in message
    assert "\n" not in message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(CaselogError, match=r"case.yaml: line \d+: not valid YAML"):
        load_case(_write(tmp_path, GOOD.replace("people:\n", "people:\n  - [unclosed\n", 1)))


def test_zone_without_country_needs_a_region(tmp_path: Path) -> None:
    with pytest.raises(CaselogError, match="default_region"):
        load_case(_write(tmp_path, GOOD.replace("Europe/London", "UTC")))
    case = load_case(_write(tmp_path, GOOD.replace("Europe/London", "UTC").replace(
        "exhibit_prefix: AA", "exhibit_prefix: AA\n  default_region: GB")))
    assert case.default_region == "GB" and case.timezone.key == "UTC"


def test_stop_request_in_case_zone(tmp_path: Path) -> None:
    case = load_case(_write(tmp_path, GOOD.replace("exhibit_prefix: AA",
                                                   "exhibit_prefix: AA\n  stop_request: 2026-09-20T10:00")))
    assert case.stop_request.isoformat() == "2026-09-20T10:00:00+01:00"


def test_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    with pytest.raises(CaselogError, match="cannot be read"):
        load_case(tmp_path / "nope.yaml")


def test_how_each_exhibit_was_obtained(tmp_path: Path) -> None:
    text = GOOD + ('exhibits:\n  - match: "sms-*.xml"\n    obtained: "Exported by Sam with SMS Backup & Restore"\n'
                   '  - match: "*.zip"\n    obtained: "WhatsApp Export chat"\n')
    case = load_case(_write(tmp_path, text))
    assert case.how_obtained("phone/sms-20261101.xml") == "Exported by Sam with SMS Backup & Restore"
    assert case.how_obtained("WhatsApp Chat with Mark D.zip") == "WhatsApp Export chat"
    assert case.how_obtained("diary.csv") == ""
    with pytest.raises(CaselogError, match=r"case.yaml: exhibits\[0\].obtained: missing"):
        load_case(_write(tmp_path, GOOD + 'exhibits:\n  - match: "*.xml"\n'))
