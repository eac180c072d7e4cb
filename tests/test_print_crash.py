"""A kiosk killed (SIGKILL) mid-print loses no receipt and prints none twice after restart.

The kiosk runs in a subprocess; the service's `on_spooled` hook pauses it right after the
spool commit, before a byte is sent, and the test kills it there.
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
    from kiosk.config import PrinterConfig
    from kiosk.printer.service import PrintService

    from pathlib import Path

    url, spool_path, mode, job_file = sys.argv[1:5]
    data = Path(job_file).read_bytes()
    service = PrintService(PrinterConfig(url=url, spool_path=spool_path, write_timeout_s=30))

    def pause(job_id):
        print("spooled", job_id, flush=True)
        time.sleep(60)  # killed here

    if mode == "pause-after-spool":
        service.on_spooled = pause
    else:
        service.on_spooled = lambda job_id: print("writing", job_id, flush=True)
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


def test_killed_between_spool_commit_and_write_prints_once_after_restart(tmp_path, kiosk):
    spool_path = tmp_path / "spool.sqlite3"
    with TcpPrinter() as fake:
        (tmp_path / "job.bin").write_bytes(JOB)
        process = kiosk(fake.url, str(spool_path), "pause-after-spool", str(tmp_path / "job.bin"))
        assert process.stdout.readline() == "spooled 1\n"
        kill(process)
        assert fake.jobs_bytes == b""  # nothing was sent
        with Spool(spool_path) as spool:
            assert [(j.id, j.data) for j in spool.pending()] == [(1, JOB)]

        restarted = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        try:
            assert [(r.job_id, r.printed) for r in restarted.retry_pending()] == [(1, True)]
            assert restarted.retry_pending() == []
            assert restarted.check_status().ok
        finally:
            restarted.close()
        time.sleep(0.1)
        assert fake.jobs_bytes == JOB  # exactly once


def test_killed_mid_write_the_job_survives_and_prints_after_restart(tmp_path, kiosk):
    spool_path = tmp_path / "spool.sqlite3"
    big = JOB + b"z" * 500_000
    with PtyPrinter() as fake:
        fake.stall_after = 1000  # the write hangs part-way, and the kiosk is killed there
        (tmp_path / "job.bin").write_bytes(big)
        process = kiosk(fake.url, str(spool_path), "write", str(tmp_path / "job.bin"))
        assert process.stdout.readline() == "writing 1\n"
        deadline = time.monotonic() + 5
        while len(fake.received) < 1000 and time.monotonic() < deadline:
            time.sleep(0.01)
        kill(process)
        time.sleep(0.05)
        fake.reading = True
        time.sleep(0.1)
        fake.received.clear()

        restarted = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        try:
            assert [r.printed for r in restarted.retry_pending()] == [True]
            assert restarted.pending_count() == 0
            assert restarted.retry_pending() == []
        finally:
            restarted.close()
        assert fake.jobs_bytes == big  # the whole job, once
