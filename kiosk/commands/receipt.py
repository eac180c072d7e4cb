"""Sub-commands of the receipt: `receipt`, `preview`, `keygen` and `verify`.

They run the same engine as the kiosk (answers -> summary -> signed payload -> ESC/POS bytes),
so a receipt can be made, looked at and checked without a printer or a screen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.commands.forms import _parse_now, _read_answers
from kiosk.core.answers import from_json, to_json
from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.payload import MAX_DIGITS, decode
from kiosk.core.receipt_layout import build_job
from kiosk.core.summary import build_summary
from kiosk.errors import KioskError, Problem
from kiosk.settings.load import Site, load_site
from kiosk.settings.signing_key import load_key, load_or_create_key, write_key

EXIT_VALID, EXIT_INVALID, EXIT_EXPIRED = 0, 1, 3


def register(sub: argparse._SubParsersAction) -> None:
    for name, help_text in (
        ("receipt", "make the receipt bytes for a JSON file of answers"),
        ("preview", "show a receipt (.bin, or made from answers) as PNG, text or QR digits"),
    ):
        p = sub.add_parser(name, help=help_text)
        source = p.add_mutually_exclusive_group(required=True)
        source.add_argument("--answers", type=Path, help="JSON {question_id: value}")
        if name == "preview":
            source.add_argument(
                "--receipt", type=Path, help="ESC/POS bytes of a receipt (.bin from a folder)"
            )
        p.add_argument("--form", dest="form_id", help="form id (a file in the forms folder)")
        p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml)")
        p.add_argument("--now", type=_parse_now, help="time of issue, ISO 8601 (default: now)")
        if name == "receipt":
            p.add_argument("--out", required=True, type=Path, help="file for the ESC/POS bytes")
            p.add_argument("--png", type=Path, help="also render the paper to this PNG")
            p.set_defaults(handler=receipt)
        else:
            p.add_argument("--png", type=Path, help="PNG of the paper")
            p.add_argument("--text", type=Path, help="the printed lines as text")
            p.add_argument(
                "--qr", action="store_true", help="print the QR's digits (for `kiosk verify`)"
            )
            p.set_defaults(handler=preview)

    p = sub.add_parser("keygen", help="write a new site key for signing QR payloads (0600)")
    p.add_argument("--config", type=Path, help="kiosk.toml: the key goes to [payload] key_file")
    p.add_argument("--force", action="store_true", help="replace an existing key")
    p.set_defaults(handler=keygen)

    p = sub.add_parser(
        "verify", help="decode a receipt's QR payload; exit 0 valid, 1 invalid, 3 expired"
    )
    p.add_argument("payload", help="the digits, or - to read them from standard input")
    p.add_argument("--config", type=Path, help="kiosk.toml: key file, forms and max age")
    p.add_argument("--now", type=_parse_now, help="check the age against this time")
    p.set_defaults(handler=verify)


def _now(args: argparse.Namespace) -> datetime:
    """Whole minutes, with the local time zone: what the payload can carry exactly."""
    now = args.now or datetime.now()
    return now.astimezone().replace(second=0, microsecond=0)


def _job(args: argparse.Namespace):
    site = load_site(args.config, args.form_id)
    now = _now(args)
    answers = from_json(site.form, _read_answers(args.answers), now.date(), str(args.answers))
    summary = build_summary(site.form, answers, now)
    key = load_or_create_key(site.config.payload.key_file)
    return site, build_job(summary, site.form, site.config, key, now)


def receipt(args: argparse.Namespace) -> int:
    site, job = _job(args)
    _write(args.out, job.data)
    if args.png:
        _render(site, job.data).image.save(args.png)
    print(f"{len(job.data)} bytes to {args.out}; payload {len(job.payload)} digits")
    return 0


def preview(args: argparse.Namespace) -> int:
    if not (args.png or args.text or args.qr):
        raise KioskError([Problem("kiosk preview", "expected --png, --text or --qr (or more)")])
    if args.receipt:
        site, data = load_site(args.config), _read_bytes(args.receipt)
    else:
        site, job = _job(args)
        data = job.data
    from kiosk.core.preview import RenderError

    try:
        printout = _render(site, data)
    except RenderError as exc:
        where = str(args.receipt or args.answers)
        raise KioskError([Problem(where, f"not a receipt this kiosk prints: {exc}")]) from None
    if args.png:
        printout.image.save(args.png)
        print(f"preview in {args.png}", file=sys.stderr if args.qr else sys.stdout)
    if args.text:
        args.text.write_text("\n".join(line.text for line in printout.lines) + "\n", "utf-8")
    if args.qr:
        digits = [s.data for s in printout.symbols if getattr(s, "data", None)]
        if not digits:
            where = str(args.receipt or args.answers)
            raise KioskError([Problem(where, "no QR data in it (a raster QR: scan the paper)")])
        for text in digits:
            print(text.decode("ascii") if isinstance(text, bytes) else text)
    return 0


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KioskError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) from None


def _render(site: Site, data: bytes):
    from kiosk.core.preview import render  # Pillow is only needed here

    return render(data, PAPER_DOTS[site.config.printer.paper_width_mm])


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise KioskError([Problem(str(path), f"cannot write: {exc.strerror or exc}")]) from None


def keygen(args: argparse.Namespace) -> int:
    site = load_site(args.config)
    path = write_key(site.config.payload.key_file, force=args.force)
    print(f"New site key in {path} (mode 0600). Copy it to each station that verifies receipts.")
    return 0


def verify_report(text: str, site: Site, key: bytes | None, now: datetime) -> tuple[int, dict]:
    """The exit code and JSON report `kiosk verify` gives for `text`; never raises."""
    max_age = timedelta(hours=site.config.payload.max_age_h)
    decoded = decode(text, [site.form], key, max_age, now)
    report = {
        "status": decoded.status,
        "reason": decoded.reason,
        "form_id": decoded.form_id,
        "form_version": decoded.form_version,
        "kiosk_id": decoded.kiosk_id,
        "issued_at": decoded.issued_at and decoded.issued_at.astimezone().isoformat(),
        "answers": decoded.answers and to_json(decoded.answers),
        "summary": decoded.summary and json.loads(decoded.summary.to_json()),
    }
    if decoded.status == "valid":
        return EXIT_VALID, report
    return (EXIT_EXPIRED if decoded.status == "expired" else EXIT_INVALID), report


def verify(args: argparse.Namespace) -> int:
    site = load_site(args.config)
    # A bounded read: anything longer than a QR code holds is "not a receipt" all the same.
    text = sys.stdin.read(MAX_DIGITS + 101) if args.payload == "-" else args.payload
    try:
        key = load_key(site.config.payload.key_file)
    except KioskError as exc:
        print(f"warning: {exc.problems[0]}", file=sys.stderr)
        key = None
    now = (args.now or datetime.now()).astimezone()
    code, report = verify_report(text, site, key, now)
    try:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        sys.stdout.flush()  # a closed pipe shows up here, not as a traceback at exit
    except BrokenPipeError:
        # The reader stopped early (`kiosk verify ... | head -1`): nothing more to say, and
        # the verdict still stands. Python would flush stdout again at exit; give it devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return code
