"""The whole `caselog bundle` run as one function the CLI calls: case file and INPUTs in, bundle out.

Each stage is a plain function (discover → preserve → parse_all → normalise → build_timeline →
write); this module only wires them and owns the working folder. It prints nothing: progress goes
through the callbacks the CLI hands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pandas as pd
from caselog.case import Case
from caselog.dedupe import merge_duplicates
from caselog.discover import Passed, discover
from caselog.errors import CaselogError
from caselog.hashing import sha256_file
from caselog.model import Problems, Source
from caselog.normalise import normalise
from caselog.outdir import check_outdir, discard, finish_build, start_build
from caselog.parse_all import SourceTally, parse_all
from caselog.preserve import preserve
from caselog.reports.charts import render_charts
from caselog.reports.manifest import manifest, write_json, write_sums
from caselog.reports.pdf import write_pdf
from caselog.reports.redacted_copy import write_redacted_copy
from caselog.reports.report import render_report, report_context
from caselog.reports.tables import write_duplicates_csv, write_problems_csv, write_tags_csv, write_timeline_csv
from caselog.reports.xlsx import write_timeline_xlsx
from caselog.rules import Rules, load_rules
from caselog.sniff import check_libmagic
from caselog.summary import summarise
from caselog.tagging import StopRequest, tag
from caselog.timeline import build_timeline
from caselog.times import local_text, utc_text


@dataclass
class BundleResult:
    out: Path
    events: int
    left_out: int
    warnings: int
    exhibits: int
    unrecognised: int


@dataclass
class Progress:
    """Callbacks the CLI passes in; the defaults do nothing."""

    total_bytes: Callable[[int], None] = lambda n: None
    on_bytes: Callable[[int], None] = lambda n: None
    on_source: Callable[[Source, ModuleType | None], None] = lambda s, p: None


def build_bundle(case: Case, inputs: list[Path], out: Path, force: bool = False,
                 progress: Progress | None = None, now: datetime | None = None,
                 rules: Rules | None = None, redacted: bool = False) -> BundleResult:
    progress = progress or Progress()
    rules = rules or load_rules()
    check_libmagic()
    check_outdir(out, inputs, force)
    found, passed = discover(inputs)
    if not found:
        raise CaselogError("no files found in the inputs; nothing to bundle")
    progress.total_bytes(sum(f.path.stat().st_size for f in found))
    work = start_build(out)
    try:
        result = _build(case, found, passed, work, progress, now or datetime.now(UTC), rules, redacted)
        finish_build(work, out)
    except BaseException:
        discard(work)
        raise
    result.out = out
    return result


def _build(case, found, passed: list[Passed], work: Path, progress: Progress, now: datetime,
           rules: Rules, redacted: bool = False) -> BundleResult:
    exhibits_dir = work / "exhibits"
    exhibits_dir.mkdir()
    exhibits = preserve(found, exhibits_dir, case.exhibit_prefix, progress.on_bytes, case.default_region)
    sources = [s for e in exhibits for s in e.sources]
    problem_lists: list[Problems] = []
    tallies: list[SourceTally] = []
    records = parse_all(sources, problem_lists, tallies, progress.on_source)
    merged, duplicates = merge_duplicates(build_timeline(normalise(records, case), case.timezone))
    tagged = tag(merged, case, rules)
    frame = tagged.frame
    _settle_tallies(tallies, problem_lists, frame, duplicates)
    built_at = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_timeline_csv(frame, work / "timeline.csv")
    xlsx_figures = write_timeline_xlsx(frame, work / "timeline.xlsx", case.timezone.key, built_at=now)
    write_problems_csv(problem_lists, work / "problems.csv")
    write_tags_csv(tagged.rows, work / "tags.csv")
    write_duplicates_csv(duplicates, work / "duplicates.csv")
    figures = summarise(frame, case, tagged.stop.epoch_us if tagged.stop else None)
    figures["stop_request"] = _stop_json(tagged.stop, case)
    write_json(figures, work / "summary.json")
    outputs = {name: sha256_file(work / name)
               for name in ("timeline.csv", "timeline.xlsx", "problems.csv", "tags.csv", "duplicates.csv",
                            "summary.json")}
    doc = manifest(case, exhibits, tallies, passed, built_at, outputs)
    doc["rules"] = {"ruleset": rules.name, "version": rules.version, "files": list(rules.sources),
                    "rules": rules.describe(), "tags": tagged.counts}
    doc["stop_request"] = _stop_json(tagged.stop, case)
    doc["timeline_xlsx"] = xlsx_figures
    problems = [p for found in problem_lists for p in found]
    charts = render_charts(frame, work / "charts", case.timezone.key, tagged.stop.epoch_us if tagged.stop else None)
    for chart in charts:
        doc["outputs_sha256"][chart["file"]] = sha256_file(work / chart["file"])
    context = report_context(case, frame, tagged.rows, tagged.spans, figures, doc, problems, passed, charts,
                             built_at)
    (work / "index.html").write_text(render_report(context), encoding="utf-8", newline="\n")
    pages = write_pdf(render_report(context, for_pdf=True), work, work / "report.pdf", case.reference,
                      int(now.timestamp()))
    doc["report_pdf_pages"] = pages
    for name in ("index.html", "report.pdf"):
        doc["outputs_sha256"][name] = sha256_file(work / name)
    if redacted:
        doc["redacted_copy"] = write_redacted_copy(work, case, frame, tagged, doc, built_at, int(now.timestamp()))
        for name in ("redaction_log.csv", "redaction_labels.csv"):
            doc["outputs_sha256"][name] = sha256_file(work / name)
    write_json(doc, work / "manifest.json")
    write_sums(work)
    return BundleResult(work, len(frame), sum(p.left_out for p in problem_lists),
                        sum(p.warnings for p in problem_lists), len(exhibits),
                        sum(1 for t in tallies if not t.parser))


def _stop_json(stop: StopRequest | None, case: Case) -> dict | None:
    if stop is None:
        return None
    instant = datetime.fromtimestamp(stop.epoch_us / 1_000_000, UTC)
    return {"how": stop.how, "timestamp_utc": utc_text(instant),
            "timestamp_local": local_text(instant, case.timezone), "event_id": stop.event_id,
            "exhibit": stop.exhibit, "locator": stop.locator, "text": stop.text, "matched": stop.words}


def _settle_tallies(tallies: list[SourceTally], problem_lists: list[Problems], frame: pd.DataFrame,
                    duplicates: pd.DataFrame) -> None:
    """Events out from the timeline itself, duplicates from the merge, problems from the final
    lists (see SourceTally)."""
    counts = frame.groupby(["exhibit", "source_path"]).size().to_dict() if len(frame) else {}
    merged = duplicates.groupby(["exhibit", "source_path"]).size().to_dict() if len(duplicates) else {}
    for tally, found in zip(tallies, problem_lists, strict=True):
        tally.events_out = int(counts.get((tally.exhibit, tally.source_path), 0))
        tally.duplicates = int(merged.get((tally.exhibit, tally.source_path), 0))
        tally.problems = found.left_out
        tally.warnings = found.warnings

