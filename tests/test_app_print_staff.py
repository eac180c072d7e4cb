"""The staff screen's printing section against a real spool and a fake TCP printer: the
printer's state, the held receipts by number and time only, print waiting, reprint an
uncertain one, and no stale "did not print" line once it has printed."""

from __future__ import annotations

from datetime import datetime

from fake_printer import TcpPrinter
from print_matrix import PATIENT_A, PATIENT_B, config_file, open_staff, text_of, until
from test_app_walk import settle, tap

from kiosk.app import KioskApp
from kiosk.core.answers import from_json
from kiosk.core.summary import build_summary


def confirm_without_walking(app: KioskApp, patient: dict) -> None:
    """What Confirm hands the printer (the walk itself is tested in test_print_faults.py)."""
    form = app.site.form
    now = datetime.now().astimezone()
    summary = build_summary(form, from_json(form, patient, now.date(), "t"), now)
    outcome = app.printer.print_summary(summary, form)
    app.last_print_problem = "" if outcome.printed else f"Last receipt: {outcome.staff_message}"
    app.last_print_job = None if outcome.printed else outcome.job_id


def everything_on_screen(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("PlainStatic, PlainButton"))


async def test_held_receipt_waits_for_staff_then_prints_once_and_the_line_goes(tmp_path):
    with TcpPrinter("offline") as fake:
        app = KioskApp(config_path=config_file(tmp_path, fake.url))
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            confirm_without_walking(app, PATIENT_A)
            await open_staff(pilot)
            assert "Printer: offline." in text_of(app, "#staff-print-state")
            assert "Waiting to print: 1. May be half printed: 0." in text_of(
                app, "#staff-print-counts"
            )
            assert "deleted 2 hours after" in text_of(app, "#staff-print-counts")
            button = app.screen.query_one("#staff-print-waiting")
            assert str(button.label) == "Print waiting receipts (1)" and not button.disabled
            assert "held for staff" in text_of(app, "#staff-last-print")
            screen_text = everything_on_screen(app)
            assert "Receipt 1 (" in screen_text and PATIENT_A["name"] not in screen_text
            assert "Ash" not in screen_text and "1966" not in screen_text

            fake.state = "ready"  # the printer is back: still nothing prints by itself
            await tap(pilot, "#staff-back")
            await pilot.pause(0.5)
            await open_staff(pilot)
            assert "Printer: ready." in text_of(app, "#staff-print-state")
            assert fake.jobs_bytes == b""
            await tap(pilot, "#staff-print-waiting")
            await until(pilot, lambda: "Printed 1" in text_of(app, "#staff-message"))
            await settle(pilot)
            assert PATIENT_A["name"].encode() in fake.jobs_bytes
            assert fake.jobs_bytes.count(b"\x1b@") == 1
            assert "Waiting to print: 0. May be half printed: 0." in text_of(
                app, "#staff-print-counts"
            )
            assert app.screen.query_one("#staff-print-waiting").disabled
            assert text_of(app, "#staff-last-print") == ""  # no stale "did not print"
            assert not list(app.screen.query(".staff-job"))


async def test_a_receipt_that_may_be_half_printed_says_what_to_do_and_reprints(tmp_path):
    with TcpPrinter() as fake:
        fake.drop_after_cut = True  # the cable goes after the data, before the printer answers
        app = KioskApp(config_path=config_file(tmp_path, fake.url))
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            confirm_without_walking(app, PATIENT_B)
            first = fake.jobs_bytes
            assert PATIENT_B["name"].encode() in first
            await open_staff(pilot)
            assert "May be half printed: 1." in text_of(app, "#staff-print-counts")
            line = text_of(app, "#staff-job-1")
            assert "tear it off and destroy it, then reprint" in line
            assert PATIENT_B["name"] not in everything_on_screen(app)
            assert app.screen.query_one("#staff-print-waiting").disabled  # not a "waiting" one
            await pilot.pause(0.5)
            assert fake.jobs_bytes == first  # never resent by itself
            await tap(pilot, "#staff-reprint-job-1")
            await until(pilot, lambda: "Receipt 1 printed" in text_of(app, "#staff-message"))
            await settle(pilot)
            assert fake.jobs_bytes == first + first  # the staff copy, once
            assert "May be half printed: 0." in text_of(app, "#staff-print-counts")
            assert not list(app.screen.query("#staff-reprint-job-1"))
