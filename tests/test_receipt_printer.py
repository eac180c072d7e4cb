"""The kiosk's printer seam end to end: summary -> signed receipt -> spool -> fake printer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import zxingcpp
from fake_printer import TcpPrinter

from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.payload import decode
from kiosk.core.preview import render
from kiosk.core.summary import build_summary
from kiosk.errors import Problem
from kiosk.printer.service import PrintService
from kiosk.printer.spooled import SpooledReceiptPrinter
from kiosk.printer.transports import Disconnected, open_transport
from kiosk.settings.load import load_site

SITE = load_site()
NOW = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
KEY = b"seam test key..." * 2
ANSWERS = {
    "name": "Grace Hopper",
    "dob": date(1946, 12, 9),
    "pain_relief_6h": "yes",
    "blood_thinners": ("dabigatran",),
    "antiplatelets": ("none",),
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "allergies": ("none",),
    "unwell": "no",
    "transport_home": "driving_myself",
    "ready_for_consent": "want_to_discuss",
    "pain_score": 9,
}


def kiosk_printer(tmp_path, url, transport_factory=None):
    printer = SITE.config.printer.model_copy(
        update={"url": url, "spool_path": tmp_path / "spool.sqlite3", "status_timeout_s": 0.2,
                "write_timeout_s": 0.5, "patient_slip": False}
    )  # fmt: skip
    config = SITE.config.model_copy(update={"printer": printer})
    service = PrintService(printer, transport_factory) if transport_factory else None
    return SpooledReceiptPrinter(config, key=KEY, service=service)


class Unplugged:
    """The real transport for the URL, until `failing` is set: then it cannot be reached."""

    def __init__(self):
        self.failing = False

    def __call__(self, config):
        if self.failing:
            raise Disconnected([Problem(config.url, "unplugged for the test")])
        return open_transport(config)


def test_a_confirmed_summary_prints_a_receipt_that_scans_and_verifies(tmp_path):
    summary = build_summary(SITE.form, ANSWERS, NOW)
    with TcpPrinter() as fake:
        outcome = kiosk_printer(tmp_path, fake.url).print_summary(summary, SITE.form)
        assert outcome.printed, outcome.staff_message
        assert "desk" in outcome.patient_message
        image = render(fake.jobs_bytes, PAPER_DOTS[80]).image
    payload = zxingcpp.read_barcodes(image)[0].text
    decoded = decode(payload, [SITE.form], KEY, timedelta(hours=1), NOW)
    assert decoded.status == "valid" and decoded.summary == summary
    flags = [f.id for f in decoded.summary.flags]
    assert flags == ["blood_thinner", "pain_relief_recent", "driving_home", "wants_discussion"]


def test_paper_out_tells_the_patient_to_go_to_the_desk_and_keeps_the_receipt(tmp_path):
    summary = build_summary(SITE.form, ANSWERS, NOW)
    with TcpPrinter("paper_out") as fake:
        printer = kiosk_printer(tmp_path, fake.url)
        outcome = printer.print_summary(summary, SITE.form)
        assert not outcome.printed
        assert "desk" in outcome.patient_message and "saved" in outcome.patient_message
        assert "Paper has run out" in outcome.staff_message
        ok, message = printer.status()
        assert not ok and message.endswith("1 receipt is waiting to print."), message
        fake.state = "ready"
        ok, message = printer.status()  # the idle check finds it ready and prints nothing
        assert not ok and message == "Printer ready. 1 receipt is waiting to print.", message
        assert fake.jobs_bytes == b""  # not into the hands of whoever stands there next
        queue = printer.queue()
        assert queue.ok and queue.waiting == 1 and queue.uncertain == 0
        assert printer.print_waiting().printed  # staff asked, at the kiosk
        assert b"Grace Hopper" in fake.jobs_bytes
        assert printer.queue().jobs == ()


def test_forget_patient_drops_printed_receipts_but_not_waiting_ones(tmp_path):
    summary = build_summary(SITE.form, ANSWERS, NOW)
    with TcpPrinter() as fake:
        printer = kiosk_printer(tmp_path, fake.url)
        printer.print_summary(summary, SITE.form)
        assert printer.reprint_last().printed
        fake.state = "offline"
        printer.print_summary(summary, SITE.form)
        printer.forget_patient()
        assert printer.service.spool.counts() == {
            "waiting": 1,
            "sending": 0,
            "printed": 0,
            "uncertain": 0,
        }
        assert not printer.reprint_last().printed


def test_unreachable_printer_never_raises(tmp_path):
    summary = build_summary(SITE.form, ANSWERS, NOW)
    printer = kiosk_printer(tmp_path, "socket://127.0.0.1:9")
    outcome = printer.print_summary(summary, SITE.form)
    assert not outcome.printed and "Cannot reach the printer" in outcome.staff_message
    assert printer.status()[0] is False


def test_forget_patient_removes_the_folder_targets_receipts_like_paper_taken_away(tmp_path):
    """The default target, a folder, stands in for paper: after a reset no receipt is left."""
    folder = tmp_path / "receipts"
    folder.mkdir()
    for name in ("notes.txt", "receipt-keep.bin", "receipt-20260101-000000-000000-0.bin.orig"):
        (folder / name).write_text("not the kiosk's")
    foreign = {p.name for p in folder.iterdir()}
    plug = Unplugged()
    printer = kiosk_printer(tmp_path, f"{folder}/", transport_factory=plug)
    summary = build_summary(SITE.form, ANSWERS, NOW)

    assert printer.print_summary(summary, SITE.form).printed
    [receipt] = [p for p in folder.iterdir() if p.name not in foreign]
    assert b"Grace Hopper" in receipt.read_bytes()
    plug.failing = True
    assert not printer.print_summary(summary, SITE.form).printed  # waits in the spool

    printer.forget_patient()
    assert {p.name for p in folder.iterdir()} == foreign
    assert printer.service.spool.counts() == {
        "waiting": 1,
        "sending": 0,
        "printed": 0,
        "uncertain": 0,
    }

    plug.failing = False
    assert not printer.status()[0]  # back, but the receipt waits for staff
    assert {p.name for p in folder.iterdir()} == foreign
    assert printer.print_waiting().printed  # staff print it
    [late] = [p for p in folder.iterdir() if p.name not in foreign]
    assert b"Grace Hopper" in late.read_bytes()
    printer.forget_patient()
    assert {p.name for p in folder.iterdir()} == foreign
    assert printer.service.spool.counts() == {
        "waiting": 0,
        "sending": 0,
        "printed": 0,
        "uncertain": 0,
    }


def test_forget_patient_removes_a_file_targets_receipt(tmp_path):
    target = tmp_path / "out" / "receipt.bin"
    printer = kiosk_printer(tmp_path, str(target))
    assert printer.print_summary(build_summary(SITE.form, ANSWERS, NOW), SITE.form).printed
    assert b"Grace Hopper" in target.read_bytes()
    printer.forget_patient()
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert printer.service.spool.counts() == {
        "waiting": 0,
        "sending": 0,
        "printed": 0,
        "uncertain": 0,
    }


def test_a_reprint_into_a_fault_says_so_and_the_printed_receipt_stays_printed(tmp_path):
    summary = build_summary(SITE.form, ANSWERS, NOW)
    with TcpPrinter() as fake:
        printer = kiosk_printer(tmp_path, fake.url)
        first = printer.print_summary(summary, SITE.form)
        assert first.printed
        fake.state = "cover_open"
        again = printer.reprint_last()
        assert not again.printed
        assert again.staff_message.startswith(f"Receipt {first.job_id} did not print.")
        assert "cover is open" in again.staff_message and "held" not in again.staff_message
        assert printer.service.spool.get(first.job_id).state == "printed"
        assert printer.queue().jobs == ()  # nothing new for staff to act on
