"""The charts: files written, same bytes twice, tables that add up, text escaped, nothing fetched."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from caselog.normalise import ROW_FIELDS
from caselog.reports.charts import STOP_LABEL, render_charts
from caselog.timeline import COLUMNS, build_timeline
from defusedxml import ElementTree

LONDON = ZoneInfo("Europe/London")
FILES = ["charts/contacts-per-day.svg", "charts/contacts-by-hour.svg", "charts/contacts-per-identifier.svg"]
HOSTILE = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


def _us(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def _row(when: datetime, channel: str = "sms", kind: str = "message", direction: str = "incoming",
         sender: str = "+447700900123", party: str = "suspect") -> tuple:
    values = dict.fromkeys(ROW_FIELDS, "")
    values.update(event_id=f"{_us(when):x}{channel}{sender}"[:16], epoch_us=_us(when), channel=channel, kind=kind,
                  direction=direction, sender=sender, party=party, duration_s=None, exhibit="AA/1",
                  locator=f"line {_us(when)}")
    return tuple(values[name] for name in ROW_FIELDS)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return build_timeline(rows, LONDON)


def _day(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, 1, hour, minute, tzinfo=LONDON) + timedelta(days=day)


def _story() -> pd.DataFrame:
    """12 contacts over five days, a new number on day 4; and rows that are not contacts."""
    rows = [_row(_day(0, 9)), _row(_day(0, 23, 30), channel="call", kind="call"), _row(_day(1, 10)),
            _row(_day(1, 10, 5), channel="whatsapp"), _row(_day(2, 2), channel="call", kind="call")]
    rows += [_row(_day(4, h), sender="+447700900456") for h in (8, 9, 10, 11)]
    rows += [_row(_day(4, 12), channel="email", sender="mark.doe@example.com"),
             _row(_day(4, 13), channel="instagram", sender=HOSTILE), _row(_day(4, 14), channel="instagram",
                                                                         sender="$x^2$ \u202egnp.exe")]
    rows += [_row(_day(0, 10), direction="outgoing", sender=""),             # the victim's own
             _row(_day(1, 11), party="", sender="+447700900999"),            # nobody in the case file
             _row(_day(2, 12), channel="diary", kind="incident", direction="unknown", sender=""),
             _row(_day(3, 12), direction="unknown")]                          # an app notice
    return _frame(rows)


CONTACTS = 12


STOP = _us(_day(1, 12))


def _render(frame: pd.DataFrame, tmp_path: Path, name: str = "a", stop: int | None = None) -> tuple[list[dict], Path]:
    bundle = tmp_path / name
    bundle.mkdir()
    return render_charts(frame, bundle / "charts", "Europe/London", stop), bundle


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], Path]:
    """The story's charts with the stop request, drawn once for the tests that only read them."""
    return _render(_story(), tmp_path_factory.mktemp("story"), stop=STOP)


def test_files_written_and_byte_identical_on_a_second_run(story, tmp_path: Path) -> None:
    first, a = story
    second, b = _render(_story(), tmp_path, "b", STOP)
    assert [c["file"] for c in first] == FILES
    assert first == second
    for chart in first:
        data = (a / chart["file"]).read_bytes()
        assert data.startswith(b"<?xml") and len(data) < 200_000
        assert data == (b / chart["file"]).read_bytes(), f"{chart['file']} differs between two runs"
        assert chart["title"] and chart["alt"].endswith(".")
        assert "escalat" not in (chart["title"] + chart["alt"]).lower()


def test_alt_text_states_the_totals_and_key_figures(story) -> None:
    per_day, by_hour, per_identifier = story[0]
    for chart in (per_day, by_hour, per_identifier):
        assert f"{CONTACTS} incoming contacts" in chart["alt"]
    assert "split by channel: sms 6, call 2, instagram 2, email 1, whatsapp 1." in per_day["alt"]
    assert "from 2026-10-01 to 2026-10-05 (5 days)" in per_day["alt"]
    assert "4 days had at least one contact; the busiest was 2026-10-05 with 7 contacts." in per_day["alt"]
    assert "Monday 7, Tuesday 0, Wednesday 0, Thursday 2, Friday 2, Saturday 1, Sunday 0." in by_hour["alt"]
    assert "+447700900456 (suspect): 4 contacts, first on 2026-10-05" in per_identifier["alt"]
    assert "(5 identifiers)" in per_identifier["alt"]


def test_tables_add_up_to_the_incoming_contacts(story) -> None:
    per_day, by_hour, per_identifier = story[0]
    assert sum(row["total"] for row in per_day["table"]) == CONTACTS
    channels = [key for key in per_day["table"][0] if key not in ("date", "total")]
    for row in per_day["table"]:
        assert sum(row[c] for c in channels) == row["total"]
    assert [row["date"] for row in per_day["table"]] == ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-05"]
    assert sum(row["total"] for row in by_hour["table"]) == CONTACTS
    assert [row["weekday"] for row in by_hour["table"]] == ["Monday", "Tuesday", "Wednesday", "Thursday",
                                                              "Friday", "Saturday", "Sunday"]
    thursday = by_hour["table"][3]                                        # 2026-10-01 was a Thursday
    assert (thursday["09"], thursday["23"], thursday["total"]) == (1, 1, 2)   # wall time, BST
    assert sum(row["contacts"] for row in per_identifier["table"]) == CONTACTS
    last = {}
    for row in per_identifier["table"]:
        last[row["identifier"]] = row["cumulative"]
    assert last["+447700900123"] == 5 and last["+447700900456"] == 4
    assert HOSTILE in last                                                # the table keeps the value as it was


def test_stop_request_line_only_when_given(story, tmp_path: Path) -> None:
    with_stop, a = story
    without, b = _render(_story(), tmp_path, "b", None)
    assert STOP_LABEL in (a / FILES[0]).read_text(encoding="utf-8")
    assert STOP_LABEL not in (b / FILES[0]).read_text(encoding="utf-8")
    assert "stop request on 2026-10-02 at 12:00 (Europe/London); 8 of the 12 contacts came after it." \
        in with_stop[0]["alt"]
    assert "stop request" not in without[0]["alt"]
    assert "4 identifiers were first seen after it" in with_stop[2]["alt"]


def test_stop_request_before_the_first_contact_widens_the_days(tmp_path: Path) -> None:
    charts, _ = _render(_story(), tmp_path, stop=_us(_day(-3, 20)))
    assert "from 2026-09-28 to 2026-10-05 (8 days)" in charts[0]["alt"]
    assert "12 of the 12 contacts came after it" in charts[0]["alt"]


def test_identifiers_from_the_export_are_escaped_and_nothing_is_fetched(story) -> None:
    charts, bundle = story
    identifiers = (bundle / FILES[2]).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in identifiers
    labels = {element.text for element in ElementTree.fromstring(identifiers.encode()).iter(f"{SVG}text")}
    assert f"{HOSTILE} (suspect)" in labels                               # one text element, as written
    assert "$x^2$ \ufffdgnp.exe (suspect)" in labels                      # "$" a character, not mathtext
    assert "\u202e" not in identifiers                                    # no bidi override in the picture
    for chart in charts:
        _check_safe_svg(bundle / chart["file"])


def _check_safe_svg(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text.encode())                         # well-formed, no DTD or entities
    assert "<!DOCTYPE" not in text
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "object", "embed", "a"), f"{path.name}: <{tag}>"
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on"), f"{path.name}: event handler {name}"
            if name == "href":
                assert value.startswith("#"), f"{path.name}: href {value!r}"
            for url in re.findall(r"url\(([^)]*)\)", value):
                assert url.startswith("#"), f"{path.name}: url({url})"
    assert "<script" not in text.lower()
    outside = re.sub(r'xmlns(:\w+)?="http://[^"]*"', "", text)
    assert "://" not in outside, f"{path.name}: an address outside the namespace declarations"


def test_no_contacts_no_charts(tmp_path: Path) -> None:
    empty = _frame([])
    assert list(empty.columns) == [*COLUMNS, "epoch_us"]
    assert render_charts(empty, tmp_path / "charts", "Europe/London", None) == []
    assert render_charts(pd.DataFrame(), tmp_path / "charts", "Europe/London", None) == []
    only_outgoing = _frame([_row(_day(0, 9), direction="outgoing"), _row(_day(0, 10), party="")])
    assert render_charts(only_outgoing, tmp_path / "charts", "Europe/London", _us(_day(0, 8))) == []
    assert not (tmp_path / "charts").exists()


def test_a_single_contact_on_a_single_day(tmp_path: Path) -> None:
    charts, bundle = _render(_frame([_row(_day(0, 9))]), tmp_path)
    per_day, by_hour, per_identifier = charts
    assert per_day["table"] == [{"date": "2026-10-01", "sms": 1, "total": 1}]
    assert "1 incoming contact (messages" in per_day["alt"] and "(1 day)" in per_day["alt"]
    assert by_hour["table"][3]["09"] == 1
    assert per_identifier["table"] == [{"date": "2026-10-01", "identifier": "+447700900123", "party": "suspect",
                                        "contacts": 1, "cumulative": 1}]
    assert all((bundle / c["file"]).stat().st_size > 1000 for c in charts)


def test_matplotlib_settings_are_left_as_they_were(tmp_path: Path) -> None:
    before = dict(mpl.rcParams)
    _render(_frame([_row(_day(0, 9))]), tmp_path)
    assert dict(mpl.rcParams) == before


def test_no_pyplot_and_no_backend_chosen(tmp_path: Path) -> None:
    """pyplot's figure manager is global state (and picks a GUI backend): the charts never load it."""
    script = ("import sys, pandas as pd; from pathlib import Path; from caselog.reports.charts import render_charts; "
              "frame = pd.DataFrame({'epoch_us': [1790841600000000], 'timestamp_local': ['2026-10-01T09:00:00+01:00'], "
              "'channel': ['sms'], 'kind': ['message'], 'direction': ['incoming'], 'party': ['suspect'], "
              "'sender': ['+447700900123']}); "
              "assert len(render_charts(frame, Path(sys.argv[1]), 'Europe/London', None)) == 3; "
              "import matplotlib; assert 'matplotlib.pyplot' not in sys.modules; "
              "assert matplotlib.rcParams._get_backend_or_none() is None")
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "charts")], check=True)


@pytest.mark.slow
def test_a_hundred_thousand_rows_quickly(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    start = _us(_day(0, 0))
    instants = np.sort(start + rng.integers(0, 365 * 86_400_000_000, 100_000))
    channels = ("sms", "call", "whatsapp", "instagram", "email")
    senders = ("+447700900123", "+447700900456", "mark.doe@example.com", "markd", "")
    rows = []
    for i, instant in enumerate(instants.tolist()):
        channel = channels[i % 5]
        row = list(_row(datetime.fromtimestamp(instant / 1e6, LONDON), channel=channel,
                        kind="call" if channel == "call" else "message", sender=senders[(i // 5) % 5]))
        row[0] = f"{i:016x}"
        rows.append(tuple(row))
    frame = _frame(rows)
    began = time.perf_counter()
    charts, _ = _render(frame, tmp_path, stop=int(instants[30_000]))
    seconds = time.perf_counter() - began
    assert sum(row["total"] for row in charts[0]["table"]) == 100_000
    assert seconds < 15, f"render_charts took {seconds:.1f} s for 100,000 rows"
