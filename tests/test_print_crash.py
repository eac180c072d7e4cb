"""A kiosk killed (SIGKILL) between Confirm and printed: the spool stays consistent, nothing
prints by itself after the restart, and staff can print the receipt exactly once.

The kiosk runs in a child process; a print service hook pauses it at the kill point and the
test kills it there with SIGKILL. The full matrix of kill points is in benchmarks/print_faults.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest
from fake_printer import PtyPrinter, TcpPrinter, printer_config

from kiosk.printer.service import PrintService
from kiosk.printer.spool import Spool

JOB = b"\x1b@" + b"receipt for the radiographer\n" * 20 + b"\x1dVA\x00"

KIOSK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kiosk.settings.config import PrinterConfig
    from kiosk.printer.service import PrintService

    url, spool_path, point, job_file = sys.argv[1:5]
    data = Path(job_file).read_bytes()
    service = PrintService(PrinterConfig(url=url, spool_path=spool_path, write_timeout_s=30))

    def pause(job_id):
        print(point, job_id, flush=True)
        time.sleep(60)  # killed here

    if point == "write":  # announce, then let the write hang on a stalled printer
        service.on_sending = lambda job_id: print(point, job_id, flush=True)
    else:
        setattr(service, "on_" + point, pause)
    service.submit(data, "receipt")
    print("submit returned", flush=True)
    """
)


@pytest.fixture
def kiosk():
    """Start the kiosk script; whatever happens, it is killed and reaped at teardown."""
    started = []

    def run(*args: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", KIOSK, *args], stdout=subprocess.PIPE, text=True
        )
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        process.stdout.close()


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("point", "after_restart"),
    [("spooled", "waiting"), ("sending", "uncertain"), ("sent", "uncertain")],
)
def test_killed_after_confirm_nothing_prints_by_itself_and_staff_print_it_once(
    tmp_path, kiosk, point, after_restart
):
    spool_path = tmp_path / "spool.sqlite3"
    with TcpPrinter() as fake:
        (tmp_path / "job.bin").write_bytes(JOB)
        process = kiosk(fake.url, str(spool_path), point, str(tmp_path / "job.bin"))
        assert process.stdout.readline() == f"{point} 1\n"
        if point == "sent":
            wait_for(lambda: len(fake.received) >= len(JOB))
        kill(process)
        sent_before = bytes(fake.received)
        assert sent_before == (JOB if point == "sent" else b"")

        restarted = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        try:
            assert [j.state for j in restarted.held()] == [after_restart]
            assert restarted.check_status().ok  # the printer is fine, and yet
            time.sleep(0.1)
            assert bytes(fake.received) == sent_before  # nothing was sent by itself
            if after_restart == "waiting":  # never sent: staff's "print waiting" sends it
                assert [r.printed for r in restarted.print_waiting()] == [True]
            else:  # may be on paper: "print waiting" leaves it, staff reprint it by number
                assert restarted.print_waiting() == []
                time.sleep(0.1)
                assert bytes(fake.received) == sent_before
                assert restarted.reprint(1).printed
            assert restarted.held() == [] and restarted.print_waiting() == []
        finally:
            restarted.close()
        time.sleep(0.1)
        assert bytes(fake.received) == sent_before + JOB  # staff's copy, once


def test_killed_mid_write_leaves_an_uncertain_job_that_is_not_resent(tmp_path, kiosk):
    spool_path = tmp_path / "spool.sqlite3"
    big = JOB + b"z" * 500_000
    with PtyPrinter() as fake:
        fake.stall_after = 1000  # the write hangs part-way, and the kiosk is killed there
        (tmp_path / "job.bin").write_bytes(big)
        process = kiosk(fake.url, str(spool_path), "write", str(tmp_path / "job.bin"))
        assert process.stdout.readline() == "write 1\n"
        wait_for(lambda: len(fake.received) >= 1000)
        kill(process)
        fake.reading = True
        time.sleep(0.2)
        partial = bytes(fake.received)
        assert 1000 <= len(partial) < len(big)

        with Spool(spool_path) as spool:  # what `kiosk spool` sees: the truth, unchanged
            assert spool.counts()["sending"] == 1
        restarted = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        try:
            assert restarted.recovered == 1
            assert [j.state for j in restarted.held()] == ["uncertain"]
            assert restarted.check_status().ok and restarted.print_waiting() == []
            time.sleep(0.1)
            assert bytes(fake.received) == partial  # no second copy without staff
            fake.received.clear()
            assert restarted.reprint(1).printed
        finally:
            restarted.close()
        assert fake.jobs_bytes == big  # the staff reprint, whole, once
