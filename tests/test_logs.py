"""The kiosk's log never holds what a patient said: walked, failed to print, crashed, grepped.

The kiosk runs with its real printer aimed at a port where nothing listens (the print fails
and is logged), then two crashes whose exception messages quote the patient (in the app and
in a thread). The log file must hold none of the name, date of birth or free-text answer, and
every line must be JSON with version, form id and version and kiosk id.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
import threading

import pytest
from kiosk_process import write_config
from test_app_walk import ALL_NO, NOW, confirm, settle, walk

from kiosk import __version__
from kiosk.app import KioskApp
from kiosk.logs import setup_logging
from kiosk.settings.load import load_site

PATIENT = ALL_NO | {
    "name": "Zebedee Quartermaine",
    "dob": "1961-04-02",
    "questions": "needle zebedee",
}
SECRETS = [
    "Zebedee", "zebedee", "Quartermaine", "QUARTERMAINE", "1961", "02/04/1961", "2 April",
    "needle", "someone_driving",
]  # fmt: skip


@pytest.fixture
def log_file(tmp_path):
    hooks = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield tmp_path / "var" / "kiosk.log"
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_a_patient_a_print_failure_and_crashes_leave_no_patient_data_in_the_log(
    tmp_path, log_file
):
    config = write_config(tmp_path, url=f"socket://127.0.0.1:{dead_port()}")
    site = load_site(config)
    setup_logging(log_file, kiosk_id="7", form_id=site.form.id, form_version=site.form.version)
    app = KioskApp(config, site=site, clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0  # tap at once (test_app_flow.py tests the settle time)
    async with app.run_test(size=(100, 40)) as pilot:
        await walk(pilot, PATIENT)
        await confirm(pilot)  # every answer seen, then Confirm
        await settle(pilot)
        assert app.last_print_problem.startswith("Last receipt:")  # it did not print

        def crash():
            raise ValueError(f"cannot read {PATIENT['name']} born {PATIENT['dob']}")

        thread = threading.Thread(target=crash)
        thread.start()
        thread.join()
        app.call_later(crash)  # in the app's own loop: the app stops, `kiosk run` restarts it
        for _ in range(100):
            if app.unexpected_errors:
                break
            await asyncio.sleep(0.05)
        assert app.unexpected_errors == ["ValueError"]
    logging.getLogger("test").error("crash with traceback", exc_info=_an_exception())
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = log_file.read_text("utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
    lines = [json.loads(line) for line in text.splitlines()]
    messages = " | ".join(line["message"] for line in lines)
    assert "receipt not printed: " in messages  # the print failure was logged
    assert "ValueError" in messages  # the crashes were logged, by type
    for line in lines:
        assert (line["version"], line["form_id"], line["form_version"], line["kiosk_id"]) == (
            __version__, site.form.id, site.form.version, "7",
        )  # fmt: skip
    with_trace = [line for line in lines if "where" in line]
    assert with_trace and all(line["error_type"] for line in with_trace)


def _an_exception():
    try:
        raise KeyError(PATIENT["name"])
    except KeyError:
        return sys.exc_info()
