"""`caselog bundle --redact`: the REDACTED copy for disclosure, in OUT/redacted/, beside the FULL one.

The FULL bundle is unchanged apart from two files only it holds: redaction_log.csv (every change:
event, field, reason, label — never the original value) and redaction_labels.csv (which label is
whom). The REDACTED copy has its own report (index.html, report.pdf), timeline.csv, summary.json
and SHA256SUMS. It leaves out what would leak what was withheld: exhibit names and paths, the
exhibits themselves, charts (they name identifiers), problems' reasons and the quoted evidence of
tags on changed messages. See reports/redact.py for who counts as a third party and its limits.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from caselog.case import Case
from caselog.reports.manifest import write_json, write_sums
from caselog.reports.pdf import write_pdf
from caselog.reports.redact import LOG_COLUMNS, label_map, redact, redacted_case
from caselog.reports.report import render_report, report_context
from caselog.reports.tables import write_timeline_csv
from caselog.summary import summarise

LABEL = "REDACTED COPY"


def write_redacted_copy(work: Path, case: Case, frame: pd.DataFrame, tagged, doc: dict, built_at: str,
                        built_epoch_s: int) -> dict:
    """Writes the FULL copy's log and label map and the REDACTED copy; returns figures for the manifest."""
    red_frame, log = redact(frame, case)
    _write_rows(work / "redaction_log.csv", LOG_COLUMNS, log)
    labels = label_map(case, frame)
    _write_rows(work / "redaction_labels.csv", ("label", "role", "name", "identifiers"),
                [{**row, "identifiers": "; ".join(row.get("identifiers", []))} for row in labels])
    changed = {row["event_id"] for row in log if row["field"] in ("body", "subject")}
    rows = [(e, t, r, v, "[evidence withheld: the message was redacted]" if e in changed else x)
            for e, t, r, v, x in tagged.rows]
    spans = {e: s for e, s in tagged.spans.items() if e not in changed}
    out = work / "redacted"
    out.mkdir()
    write_timeline_csv(red_frame, out / "timeline.csv")
    stop = tagged.stop.epoch_us if tagged.stop else None
    figures = summarise(red_frame, case, stop)
    write_json(figures, out / "summary.json")
    red_doc = {"exhibits": [{"exhibit": e["exhibit"], "original_name": "[name withheld]", "type": e["type"],
                             "size_bytes": e["size_bytes"], "sha256": e["sha256"],
                             "sources": [{**s, "source_path": "[withheld]"} for s in e["sources"]]}
                            for e in doc["exhibits"]],
               "rules": doc.get("rules", {}), "totals": doc.get("totals", {}), "stop_request": None}
    context = report_context(redacted_case(case), red_frame, rows, spans, figures, red_doc, [], [], [], built_at,
                             copy_label=LABEL)
    (out / "index.html").write_text(render_report(context), encoding="utf-8", newline="\n")
    write_pdf(render_report(context, for_pdf=True), out, out / "report.pdf", case.reference, built_epoch_s, LABEL)
    write_sums(out)
    return {"log_rows": len(log), "labels": len(labels), "folder": "redacted/"}


def _write_rows(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
