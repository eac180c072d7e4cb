"""DLE EOT real-time status over a real pseudo-terminal and TCP, turned into plain words."""

from __future__ import annotations

import os
import time

import pytest
from fake_printer import PtyPrinter, make_printer, printer_config

from kiosk.printer.status import MESSAGES, PrinterStatus, State, query_status
from kiosk.printer.transports import open_transport


def ask(tmp_path, fake, timeout: float = 0.2) -> PrinterStatus:
    with open_transport(printer_config(tmp_path, fake.url)) as transport:
        return query_status(transport, timeout)


@pytest.fixture(params=["pty", "tcp"])
def kind(request):
    return request.param


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("ready", State.READY),
        ("near_end", State.PAPER_NEAR_END),
        ("paper_out", State.PAPER_OUT),
        ("cover_open", State.COVER_OPEN),
        ("offline", State.OFFLINE),
        ("cutter_error", State.ERROR),
        ("silent", State.NO_ANSWER),
    ],
)
def test_status_answer_is_recognised(tmp_path, kind, state, expected):
    with make_printer(kind, state) as fake:
        status = ask(tmp_path, fake)
    assert status.state is expected
    assert status.ok == (expected in (State.READY, State.PAPER_NEAR_END))
    assert fake.jobs_bytes == b""  # the questions are not printed
    assert fake.status_requests >= 1


def test_cutter_error_names_the_cause(tmp_path):
    with PtyPrinter("cutter_error") as fake:
        status = ask(tmp_path, fake)
    assert status.detail == "cutter"
    assert "(cutter)" in status.message


def test_silent_printer_gives_no_answer_within_the_timeout(tmp_path):
    with PtyPrinter("silent") as fake:
        started = time.monotonic()
        status = ask(tmp_path, fake)
        elapsed = time.monotonic() - started
    assert status.state is State.NO_ANSWER
    assert 0.15 < elapsed < 1.0


def test_a_late_answer_is_not_taken_for_the_next_one(tmp_path):
    with (
        PtyPrinter("ready") as fake,
        open_transport(printer_config(tmp_path, fake.url)) as transport,
    ):
        os.write(fake.master, bytes([0x1A]))  # "offline", arriving after its question
        time.sleep(0.05)
        assert query_status(transport, 0.2).state is State.READY


def test_echoed_bytes_are_not_a_status(tmp_path):
    # loop:// sends back what it is sent: DLE (0x10) fails the fixed-bit check
    with open_transport(printer_config(tmp_path, "loop://")) as transport:
        assert query_status(transport, 0.1).state is State.NO_ANSWER


def test_folder_target_is_always_ready(tmp_path):
    with open_transport(printer_config(tmp_path, f"{tmp_path}/out/")) as transport:
        assert query_status(transport, 0.1).state is State.READY


def test_messages_tell_staff_what_to_do():
    paper_out = PrinterStatus(State.PAPER_OUT)
    assert paper_out.message == ("Paper has run out. Put in a new roll.")
    assert "will then print" not in " ".join(MESSAGES.values())  # nothing prints by itself
    assert not paper_out.ok
    assert set(MESSAGES) == set(State)
    for state in State:
        message = PrinterStatus(state).message
        assert message.endswith(".") and len(message) < 100
    assert PrinterStatus(State.DISCONNECTED, "refused").message.endswith("(refused)")
