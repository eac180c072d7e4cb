"""Sub-commands for staff setting up a printer: `print-test` and `spool`.

`print-test` exits 0 when the page printed, 1 on a printer fault (with the plain message).
The test page goes straight to the printer, never through the spool: it holds no patient data
and must not print the receipts that wait there (only staff send those, from the kiosk).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from kiosk.core.escpos import PAPER_DOTS, Receipt
from kiosk.printer.service import print_bytes
from kiosk.printer.spool import Spool
from kiosk.settings.load import load_site

SAMPLE_QR = "1234567890" * 8


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "print-test", help="print a test page with a sample QR code and report the printer status"
    )
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml)")
    p.set_defaults(handler=print_test)

    p = sub.add_parser("spool", help="how many receipts wait in the spool (never their contents)")
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml)")
    p.set_defaults(handler=spool)


def test_page(config) -> bytes:
    """A page with no patient data: site, settings, a ruler of the paper width and a QR."""
    printer = config.printer
    r = Receipt.for_paper(printer.paper_width_mm)
    r.text("Printer test", bold=True, double=True, align="center")
    r.text(f"{config.site.name} - {config.site.department}", align="center")
    r.text(f"Kiosk {config.site.kiosk_id}, {datetime.now():%d %b %Y %H:%M}", align="center")
    r.rule()
    r.text(f"Paper {printer.paper_width_mm} mm, QR {printer.qr_mode}, {printer.baudrate} baud")
    r.text("Accents: é ü ñ å ø ç ß £ €")
    r.text("0123456789" * (r.columns // 10 + 1))
    qr_dots = PAPER_DOTS[printer.paper_width_mm]
    r.qr(SAMPLE_QR, mode=printer.qr_mode, ecc="Q", paper_dots=qr_dots)
    r.text("The QR code holds 8 x 1234567890.", align="center")
    return r.cut().to_bytes()


def print_test(args: argparse.Namespace) -> int:
    config = load_site(args.config).config
    status = print_bytes(config.printer, test_page(config))
    where = config.printer.url
    if status.ok:
        print(f"Test page sent to {where}. {status.message}")
        return 0
    print(f"Test page NOT printed on {where}. {status.message}")
    return 1


def spool(args: argparse.Namespace) -> int:
    config = load_site(args.config).config
    with Spool(config.printer.spool_path) as store:
        counts = store.counts()
    print(
        f"{counts['waiting']} waiting, {counts['printed']} printed and kept for reprinting,"
        f" {counts['uncertain']} may be half printed (staff decide)"
    )
    return 0
