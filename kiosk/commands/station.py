"""`kiosk station`: run the radiographer's station; `kiosk station export`: write its cases.

Export formats: `csv`, or `fhir` (a FHIR R4 collection Bundle of the Questionnaire and one
QuestionnaireResponse per case). Nothing is sent anywhere: output goes to a file or stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.station.store import Case


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("station", help="the radiographer's station (scan receipts)")
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml if present)")
    p.set_defaults(handler=run_station)
    actions = p.add_subparsers(dest="station_command", metavar="ACTION")
    e = actions.add_parser("export", help="write the station's cases as CSV or FHIR R4 JSON")
    e.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="kiosk.toml")
    e.add_argument("--format", choices=("csv", "fhir"), required=True)
    e.add_argument("--since", type=_parse_since, required=True, help="YYYY-MM-DD (local date)")
    e.add_argument("--out", type=Path, help="output file (default: standard output)")
    e.set_defaults(handler=export)


def _parse_since(text: str) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    return datetime.combine(day, time()).astimezone()


def run_station(args: argparse.Namespace) -> int:
    from kiosk.lifecycle import StopRequested, StopSignals, no_core_files
    from kiosk.station import StationApp

    no_core_files()  # a core file would hold the scanned patient's answers
    stop = StopSignals().install()  # SIGTERM, SIGHUP, SIGQUIT: a clean exit 0
    app = StationApp(args.config)
    stop.app = app
    with contextlib.suppress(StopRequested):
        app.run()
    return 0


def export(args: argparse.Namespace) -> int:
    from kiosk.core.form import load_form
    from kiosk.settings.load import load_site
    from kiosk.station.export import fhir_bundle, left_out_of_fhir, to_csv
    from kiosk.station.store import Store

    site = load_site(args.config)
    station = site.config.station
    forms = [site.form] + [load_form(p, site.config.form.parameters) for p in station.extra_forms]
    with Store(station.db_path) as store:
        store.purge(datetime.now(UTC), station.retention_days)
        cases = store.cases_since(args.since)
    left_out: list[tuple[Case, str]] = []
    if args.format == "csv":
        text = to_csv(cases, forms, station.relief_thresholds)
    else:
        text = json.dumps(fhir_bundle(cases, forms), indent=2, ensure_ascii=False) + "\n"
        left_out = left_out_of_fhir(cases, forms)
    if args.out is None:
        sys.stdout.write(text)
    else:
        _write_out(args.out, text)
    _report(len(cases) - len(left_out), left_out, args.out)
    return 0


def _write_out(out: Path, text: str) -> None:
    """The export file, 0600 (it holds patients' answers); a failure is one line and exit 2."""
    from kiosk.errors import KioskError, Problem

    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        name = str(out)
        shown = name if len(name) <= 120 else f"{name[:60]}... ({len(name):,} characters)"
        reason = exc.strerror or type(exc).__name__
        problem = Problem(shown, f"--out: cannot write the export here ({reason})")
        raise KioskError(problem) from None


def _report(exported: int, left_out: list[tuple[Case, str]], out: Path | None) -> None:
    """On stderr, so it never mixes with an export written to standard output."""
    where = f" to {out}" if out is not None else ""
    line = f"{exported} case(s) exported{where}"
    if left_out:
        line += f"; {len(left_out)} left out (they are in the CSV export):"
    print(line, file=sys.stderr)
    for case, why in left_out:
        scanned = case.scanned_at.astimezone()
        print(f"  case {case.id}, scanned {scanned:%Y-%m-%d %H:%M}: {why}", file=sys.stderr)
