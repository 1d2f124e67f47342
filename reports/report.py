"""The report: index.html (offline) and report.pdf, the same content, rendered from one template.

Section order follows what police need (REQUIREMENTS.md §5): cover, one-page summary, charts,
key incidents, chronology, diary, exhibits, method and integrity, problems. Message text is the
offender's: Jinja2 autoescapes every value, matched words are highlighted by splitting the text
into escaped pieces (never by inserting markup into it), no script runs, nothing loads from
outside the bundle. Wording is reviewed like code: tags are "aids for the reader", never findings.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from importlib.resources import files

import pandas as pd
from caselog import __version__
from caselog.case import Case
from jinja2 import Environment, StrictUndefined, select_autoescape

MAX_CHRONOLOGY = 5000            # events shown in index.html; timeline.csv/xlsx hold every one
PDF_MAX_CHRONOLOGY = 600         # and in report.pdf: print layout takes ~0.1 s an event, pages add up fast
PDF_MAX_PROBLEMS = 300
PDF_MAX_KEY = 400
KEY_TAGS = ("threat", "surveillance", "approach", "demand_to_meet", "third_party")
TAG_LABELS = {
    "threat": "threat words", "surveillance": "knows where/what", "approach": "turning up",
    "demand_to_meet": "demand to meet", "third_party": "third party", "contact_after_stop": "after stop request",
    "unsocial_hours": "night-time", "burst": "burst", "spike": "spike", "new_identifier": "new identifier",
}


def render_report(context: dict, *, for_pdf: bool = False) -> str:
    if for_pdf:
        context = {**context, "days": _by_day(context["rows"][:PDF_MAX_CHRONOLOGY]),
                   "chronology_cut": context["events"] > PDF_MAX_CHRONOLOGY, "max_chronology": PDF_MAX_CHRONOLOGY,
                   "problems_shown": context["problems"][:PDF_MAX_PROBLEMS],
                   "key_shown": context["key_incidents"][:PDF_MAX_KEY]}
    templates = files("caselog.templates")
    css = templates.joinpath("report.css").read_text(encoding="utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(templates.joinpath("report.html.j2").read_text(encoding="utf-8"))
    return template.render(**context, css=css, style_hash=_csp_hash(css), for_pdf=for_pdf)


def report_context(case: Case, frame: pd.DataFrame, tag_rows: list[tuple], spans: dict, figures: dict,
                   manifest_doc: dict, problems: list, passed: list, charts: list[dict], built_at: str,
                   copy_label: str = "FULL COPY") -> dict:
    """Everything the template shows, as plain values (the template only lays them out).

    Only the events the report shows become Python rows (the first of the chronology, the tagged
    ones, the diary): a million-event timeline must not become a million dicts here."""
    images = _image_exhibits(manifest_doc)

    def rows_of(part: pd.DataFrame) -> list[dict]:
        rows = _rows(part, tag_rows, spans)
        for row in rows:      # a photo or screenshot handed in on its own: shown from its exhibit copy
            row["thumbnail"] = images.get(row["exhibit"], "") if row["kind"] == "media" else ""
        return rows

    tags = frame["tags"].astype("str") if len(frame) else pd.Series([], dtype="str")
    keyed = tags.str.contains("|".join(KEY_TAGS), regex=True) if len(frame) else tags.astype(bool)
    rows = rows_of(frame.iloc[:MAX_CHRONOLOGY])
    key = rows_of(frame[keyed].iloc[:MAX_CHRONOLOGY])
    victim = case.victim
    local = frame["timestamp_local"] if len(frame) else None
    return {
        "case": case, "version": __version__, "built_at": built_at, "victim": victim, "copy_label": copy_label,
        "others": [p for p in case.people if p.role != "victim"],
        "period": (local.iloc[0], local.iloc[-1]) if local is not None else None,
        "events": len(frame), "figures": figures, "stop": manifest_doc.get("stop_request"),
        "rules": manifest_doc.get("rules", {}), "charts": charts,
        "key_incidents": key, "key_total": int(keyed.sum()), "key_shown": key,
        "rows": rows, "days": _by_day(rows), "chronology_cut": len(frame) > MAX_CHRONOLOGY,
        "max_chronology": MAX_CHRONOLOGY, "problems_shown": problems[:2000],
        "diary": rows_of(frame[frame["channel"] == "diary"]) if len(frame) else [],
        "exhibits": manifest_doc["exhibits"], "passed": passed, "problems": problems,
        "obtained": {e["exhibit"]: case.how_obtained(e.get("original_name", "")) for e in manifest_doc["exhibits"]},
        "left_out": sum(p.severity == "left_out" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "by_channel": _by_channel(frame), "tag_labels": TAG_LABELS, "key_tags": KEY_TAGS,
        "tag_counts": manifest_doc.get("rules", {}).get("tags", {}),
        "totals": manifest_doc.get("totals", {}),
        "bundle_id": _bundle_id(manifest_doc),
    }


def _image_exhibits(manifest_doc: dict) -> dict[str, str]:
    """exhibit ref → its file in the bundle, for single-file image exhibits the browser can show."""
    shown = (".jpg", ".jpeg", ".png", ".gif", ".webp")
    return {e["exhibit"]: e["file"] for e in manifest_doc.get("exhibits", [])
            if e.get("type") == "file" and str(e.get("file", "")).lower().endswith(shown)}


def _bundle_id(manifest_doc: dict) -> str:
    """A short fingerprint of what the bundle preserved: SHA-256 over the exhibits' own hashes in
    order (the manifest cannot hash the report that prints it; SHA256SUMS covers everything)."""
    hashes = "\n".join(f"{e['exhibit']} {e['sha256']}" for e in manifest_doc.get("exhibits", []))
    return hashlib.sha256(hashes.encode("utf-8")).hexdigest()


def _rows(frame: pd.DataFrame, tag_rows: list[tuple], spans: dict) -> list[dict]:
    evidence: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for event_id, tag, rule_id, _version, text in tag_rows:
        evidence[event_id].append((tag, rule_id, text))
    records = frame.drop(columns=[c for c in ("epoch_us",) if c in frame]).to_dict("records")
    rows = []
    for record in records:
        event_id = record["event_id"]
        tags = sorted(t for t in (record.get("tags") or "").split(";") if t)
        rows.append({
            **{k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v) for k, v in record.items()},
            "local": record["timestamp_local"],
            "day": record["timestamp_local"][:10],
            "time": record["timestamp_local"][11:19],
            "tags": tags,
            "evidence": evidence.get(event_id, []),
            "pieces": _pieces(record.get("body") or "", spans.get(event_id, [])),
        })
    return rows


def _pieces(body: str, marks: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The body cut into (text, tag-or-'') pieces; the template escapes each and marks the tagged."""
    pieces, position = [], 0
    for start, end, tag in sorted(marks):
        if start < position:
            continue
        if start > position:
            pieces.append((body[position:start], ""))
        pieces.append((body[start:end], tag))
        position = end
    if position < len(body) or not pieces:
        pieces.append((body[position:], ""))
    return pieces


def _by_day(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    days: dict[str, list[dict]] = {}
    for row in rows:
        days.setdefault(row["day"], []).append(row)
    return list(days.items())


def _by_channel(frame: pd.DataFrame) -> list[dict]:
    if frame.empty:
        return []
    table = frame.groupby(["channel", "direction"]).size().unstack(fill_value=0)
    return [{"channel": channel, **{d: int(table.loc[channel].get(d, 0)) for d in ("incoming", "outgoing", "unknown")}}
            for channel in table.index]


def _csp_hash(css: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(css.encode('utf-8')).digest()).decode()}'"
