"""The command line: parse options, call one library function, report in one line.

A user's mistake (a `CaselogError`) is one line on stderr and an exit code, never a traceback.
Only this module prints, exits or draws progress bars (rich, on stderr, only on a terminal).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click
from caselog import __version__
from caselog.errors import CaselogError
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

EXIT_BUILT, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)


@click.group()
@click.version_option(__version__, prog_name="caselog")
def cli() -> None:
    """caselog: a victim's exports turned into an evidence bundle an officer can verify."""


@cli.command()
@click.option("--case", "case_path", required=True, type=click.Path(path_type=Path),
              help="The case file (case.yaml): reference, time zone, people and their identifiers.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write the bundle to; must be empty (or use --force).")
@click.option("--force", is_flag=True, help="Replace the contents of a non-empty OUTDIR.")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path),
              help="A local rules file (YAML) added to the shipped indicator rules.")
@click.option("--zip", "make_zip", is_flag=True,
              help="Also write the whole bundle as OUTDIR.zip and print its SHA-256.")
@click.option("--redact", "make_redacted", is_flag=True,
              help="Also write a REDACTED copy for disclosure in OUTDIR/redacted/ (third parties labelled).")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
def bundle(case_path: Path, out_dir: Path, force: bool, rules_path: Path | None, make_zip: bool,
           make_redacted: bool, inputs: tuple[Path, ...]) -> None:
    """Build the evidence bundle for a case from exported files, folders or zips (INPUT...)."""
    from caselog.bundle import Progress as Callbacks
    from caselog.bundle import build_bundle
    from caselog.case import load_case
    from caselog.rules import load_rules

    try:
        case = load_case(case_path)
        rules = load_rules(rules_path)
        with _bar() as bar:
            result = build_bundle(case, list(inputs), out_dir, force=force, rules=rules, redacted=make_redacted,
                                  progress=Callbacks(total_bytes=bar.set_total, on_bytes=bar.advance,
                                                     on_source=bar.reading))
    except CaselogError as err:
        _fail(str(err), EXIT_NOTHING)
    out_console.print(f"Bundle written to {result.out.resolve()}")
    if make_zip:
        from caselog.reports.archive import zip_bundle

        archive, digest = zip_bundle(result.out.resolve())
        out_console.print(f"Zip written to {archive} (SHA-256 {digest}, also in {archive.name}.sha256)")
    err_console.print(f"{result.events} events from {result.exhibits} exhibits; "
                      f"{result.left_out} records could not be read, {result.warnings} warnings "
                      f"(see problems.csv); {result.unrecognised} sources kept as exhibits only")


@cli.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
def verify(out_dir: Path) -> None:
    """Re-hash a bundle; exit 0 only if every file matches SHA256SUMS and manifest.json."""
    from caselog.verify import verify as run_verify

    try:
        verdict = run_verify(out_dir)
    except CaselogError as err:
        _fail(str(err), EXIT_NOTHING)
    for rel in verdict.changed:
        out_console.print(f"CHANGED  {rel}")
    for rel in verdict.missing:
        out_console.print(f"MISSING  {rel}")
    for rel in verdict.extra:
        out_console.print(f"EXTRA    {rel} (not in SHA256SUMS)")
    if verdict.intact:
        out_console.print(f"OK: all {verdict.checked} files match their SHA-256 in {out_dir}")
        return
    _fail(f"{out_dir}: bundle has changed since it was built "
          f"({len(verdict.changed)} changed, {len(verdict.missing)} missing, {len(verdict.extra)} extra)",
          EXIT_NOTHING)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
def identify(inputs: tuple[Path, ...]) -> None:
    """Say which parser would read each source in INPUT..., and why; nothing is written."""
    from caselog.identify import identify_inputs

    try:
        for line in identify_inputs(list(inputs)):
            out_console.print(line, markup=False)
    except CaselogError as err:
        _fail(str(err), EXIT_NOTHING)


def _fail(message: str, code: int) -> None:
    err_console.print(f"caselog: {message}", markup=False)
    sys.exit(code)


class _Bar:
    """Byte progress while originals are copied and hashed, then the source being read."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task = progress.add_task("Preserving", total=None) if progress else None

    def set_total(self, size_bytes: int) -> None:
        if self._progress:
            self._progress.update(self._task, total=size_bytes)

    def advance(self, size_bytes: int) -> None:
        if self._progress:
            self._progress.advance(self._task, size_bytes)

    def reading(self, source, parser) -> None:
        if self._progress:
            what = parser.name if parser else "not recognised"
            self._progress.update(self._task, description=f"Reading {source.exhibit} ({what})")


@contextmanager
def _bar():
    """A progress bar on stderr, or silent callbacks when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield _Bar(None)
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        yield _Bar(progress)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err_console.print("caselog: interrupted; no bundle was written")
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise


if __name__ == "__main__":
    main()
