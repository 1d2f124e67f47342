"""index.html: the plain offline summary of the bundle (the full report is rendered by a later stage).

Message text is written by the offender, so everything is autoescaped, no script runs (CSP
script-src 'none'), the one style block is allowed by its hash, and nothing is loaded from anywhere.
Only the first rows of a large timeline are shown; timeline.csv holds all of them.
"""

from __future__ import annotations

import base64
import hashlib
from importlib.resources import files
from pathlib import Path

import pandas as pd
from caselog import __version__
from caselog.case import Case
from caselog.discover import Passed
from caselog.model import Problems
from caselog.preserve import Exhibit
from jinja2 import Environment, StrictUndefined, select_autoescape

MAX_ROWS = 2000
MAX_PROBLEMS = 1000


def _environment() -> Environment:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=False)
    return env


def render_index(case: Case, frame: pd.DataFrame, exhibits: list[Exhibit], manifest_doc: dict,
                 problem_lists: list[Problems], passed: list[Passed], built_at: str) -> str:
    templates = files("caselog.templates")
    css = templates.joinpath("report.css").read_text(encoding="utf-8")
    template = _environment().from_string(templates.joinpath("index.html.j2").read_text(encoding="utf-8"))
    problems = [p for found in problem_lists for p in found]
    sources = {e["exhibit"]: e["sources"] for e in manifest_doc["exhibits"]}
    rows = frame.head(MAX_ROWS).astype(object).where(frame.head(MAX_ROWS).notna(), None)
    return template.render(
        case=case, version=__version__, built_at=built_at, css=css, style_hash=_csp_hash(css),
        events=len(frame), first=frame["timestamp_local"].iloc[0] if len(frame) else "",
        last=frame["timestamp_local"].iloc[-1] if len(frame) else "",
        left_out=sum(p.severity == "left_out" for p in problems),
        warnings=sum(p.severity == "warning" for p in problems),
        by_channel=_by_channel(frame),
        exhibits=[_ExhibitView(e, sources.get(e.ref, [])) for e in exhibits],
        passed=passed, rows=rows.to_dict("records"), shown=min(MAX_ROWS, len(frame)),
        truncated=len(frame) > MAX_ROWS, problems=problems[:MAX_PROBLEMS],
        problems_truncated=len(problems) > MAX_PROBLEMS,
    )


class _ExhibitView:
    def __init__(self, exhibit: Exhibit, sources: list[dict]) -> None:
        self.ref, self.display, self.size_bytes = exhibit.ref, exhibit.display, exhibit.size_bytes
        self.sha256 = exhibit.sha256
        self.sources = [_Obj(s) for s in sources]


class _Obj:
    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def _by_channel(frame: pd.DataFrame) -> list[dict]:
    if frame.empty:
        return []
    table = frame.groupby(["channel", "direction"]).size().unstack(fill_value=0)
    return [{"channel": channel, **{d: int(table.loc[channel].get(d, 0))
                                    for d in ("incoming", "outgoing", "unknown")}}
            for channel in table.index]


def _csp_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def write_index(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")
