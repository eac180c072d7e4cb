"""The printer's status as staff read it: the staff screen's printer line (#staff-printer) and
the welcome screen's line for staff (#printer-notice), both built from `printer.status()`.

Each says the printer's state once and the held receipts once, for every state: not "Printer:
OK. Ready: Printer ready." nor "Paper out: Paper has run out." (issue 11).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_printer import PtyPrinter, TcpPrinter
from print_matrix import PATIENT_A, config_file, open_staff, text_of
from test_app_print_staff import confirm_without_walking
from test_app_walk import settle, tap

from kiosk.app import KioskApp
from kiosk.patient.screens.staff import printer_line
from kiosk.patient.staff_mode import printer_notice
from kiosk.printer.service import status_of
from kiosk.printer.spooled import SpooledReceiptPrinter
from kiosk.printer.status import LABELS, MESSAGES, PrinterStatus, State
from kiosk.printer.transports import Disconnected, WriteTimeout
from kiosk.printer.transports.base import problem
from kiosk.settings.config import Config
from kiosk.settings.load import load_site

FUNCTION_WORDS = {"the", "a", "an", "and", "or", "to", "of", "in", "on", "it", "its", "is", "are"}
FUNCTION_WORDS |= {"be", "then", "any", "off", "not"}
DETAILS = {State.ERROR: "cutter", State.DISCONNECTED: "Connection refused"}
"""The details the printer's own status gives with a state (tests/test_printer_status.py)."""
HELD = [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1)]
"""(waiting, may be half printed) receipts held for staff."""


def repeated_words(text: str) -> list[str]:
    """Words (other than 'the', 'and', ...) said more than once: the mark of a state said
    twice ("Printer: OK. Ready: Printer ready.", "Paper out: Paper has run out.")."""
    counts = Counter(w for w in re.findall(r"[a-z]+", text.lower()) if w not in FUNCTION_WORDS)
    return sorted(word for word, count in counts.items() if count > 1)


def check_said_once(state: State, text: str) -> None:
    said = text.lower()
    assert repeated_words(text) == [], text
    assert said.count(MESSAGES[state].split(". ")[0].lower()) == 1, text  # what is wrong, once
    assert len(re.findall(rf"\b{re.escape(LABELS[state])}\b", said)) <= 1, text
    assert "(s)" not in text and "errno" not in said, text


@dataclass
class Held:
    state: str


class SaysState:
    """The print service, as far as `status()` asks it: the printer's state and the held jobs."""

    def __init__(self, status: PrinterStatus, waiting: int, uncertain: int) -> None:
        self.status = status
        self.jobs = [Held("waiting")] * waiting + [Held("uncertain")] * uncertain

    def check_status(self) -> PrinterStatus:
        return self.status

    def held(self) -> list[Held]:
        return self.jobs


@pytest.mark.parametrize("state", list(State), ids=lambda state: state.name.lower())
@pytest.mark.parametrize("held", HELD, ids=lambda held: f"waiting-{held[0]}-half-{held[1]}")
def test_every_printer_state_is_named_once_with_the_held_receipts_once(state, held):
    status = PrinterStatus(state, DETAILS.get(state, ""))
    printer = SpooledReceiptPrinter(Config(), service=SaysState(status, *held), key=b"k" * 32)
    ok, message = printer.status()
    assert ok == (status.ok and held == (0, 0))
    for text in (message, printer_line(ok, message), printer_notice(ok, message)):
        if not text:  # the welcome screen says nothing while the printer is fine
            assert ok and text == printer_notice(ok, message)
            continue
        check_said_once(state, text)
        waiting, uncertain = held
        assert ("waiting to print" in text) == bool(waiting), text
        assert ("half printed" in text) == bool(uncertain), text
        if waiting:
            assert f"{waiting} receipt" in text, text
    if not ok:
        assert printer_line(ok, message).startswith("NEEDS ATTENTION: ")


@pytest.mark.parametrize("kind", ["tcp", "pty"])
def test_a_pulled_cable_says_the_systems_reason_once_not_the_transports_words(tmp_path, kind):
    fake = (PtyPrinter if kind == "pty" else TcpPrinter)().start()
    app_config = config_file(tmp_path, fake.url)
    fake.stop()  # the cable is pulled: the port or the device is gone
    printer = SpooledReceiptPrinter(load_site(app_config).config, key=b"k" * 32)
    ok, message = printer.status()
    assert not ok and message.startswith("Cannot reach the printer."), message
    check_said_once(State.DISCONNECTED, printer_line(ok, message))
    reason = "Connection refused" if kind == "tcp" else "No such file or directory"
    assert reason in message, message


@pytest.mark.parametrize(
    ("fault", "words", "detail"),
    [
        (WriteTimeout, "the printer stopped taking data", ""),
        (Disconnected, "the connection dropped ([Errno 32] Broken pipe)", "Broken pipe"),
        (Disconnected, "the printer closed the connection", "closed the connection"),
        (
            Disconnected,
            "cannot write the receipt ([Errno 28] No space left on device)",
            "No space left on device",
        ),
    ],
)
def test_a_transport_fault_adds_only_what_its_state_does_not_say(fault, words, detail):
    status = status_of(fault(problem("socket://127.0.0.1:9100", words)))
    assert status.detail == detail
    check_said_once(status.state, status.message)


async def test_the_staff_screen_at_80x24_says_the_printer_state_once(tmp_path: Path):
    with TcpPrinter("paper_out") as fake:
        app = KioskApp(config_path=config_file(tmp_path, fake.url))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            confirm_without_walking(app, PATIENT_A)
            confirm_without_walking(app, PATIENT_A)
            app.poll_printer()
            await settle(pilot)
            notice = text_of(app, "#printer-notice")
            assert notice == (
                "Staff: Paper has run out. Put in a new roll. 2 receipts are waiting to print."
            )
            await open_staff(pilot)
            line = text_of(app, "#staff-printer")
            assert line == (
                "NEEDS ATTENTION: Paper has run out. Put in a new roll."
                " 2 receipts are waiting to print."
            )
            # Print waiting receipts too: the one way to print them, reached without scrolling.
            buttons = ("#staff-back", "#staff-reprint", "#staff-reset", "#staff-exit")
            for button in (*buttons, "#staff-print-waiting"):
                geometry = app.screen.find_widget(app.screen.query_one(button))
                assert geometry.visible_region == geometry.region, f"{button} is cut off"

            fake.state = "ready"  # the printer is back; the receipts still wait for staff
            await tap(pilot, "#staff-back")
            await open_staff(pilot)
            line = text_of(app, "#staff-printer")
            assert line == "NEEDS ATTENTION: Printer ready. 2 receipts are waiting to print."
