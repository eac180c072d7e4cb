"""Printing through real file descriptors: a pseudo-terminal and a TCP printer on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fake_printer import PtyPrinter, TcpPrinter

from kiosk.config import PrinterConfig
from kiosk.escpos import Receipt
from kiosk.printer.service import PrintService
from kiosk.printer.spool import Spool
from kiosk.printer.status import State
from kiosk.printer.transport import FileTransport, FolderTransport, open_transport

JOB = Receipt(48).text("Test receipt").qr("123456789012").cut().to_bytes()


def printer_config(tmp_path: Path, url: str, **extra) -> PrinterConfig:
    values = dict(
        url=url,
        spool_path=tmp_path / "spool.sqlite3",
        write_timeout_s=0.3,
        status_timeout_s=0.2,
    )
    return PrinterConfig(**(values | extra))


@pytest.fixture(params=["pty", "tcp"])
def fake(request):
    printer = (PtyPrinter if request.param == "pty" else TcpPrinter)().start()
    yield printer
    printer.stop()


# -- transports ------------------------------------------------------------------------------


def test_url_picks_the_transport(tmp_path):
    assert isinstance(open_transport(printer_config(tmp_path, f"{tmp_path}/out/")), FolderTransport)
    file_target = open_transport(printer_config(tmp_path, str(tmp_path / "r.bin")))
    assert type(file_target) is FileTransport


def test_folder_gets_one_file_per_job_with_the_exact_bytes(tmp_path):
    service = PrintService(printer_config(tmp_path, f"{tmp_path}/receipts/"))
    assert service.submit(JOB, "one").printed
    assert service.submit(JOB + b"2", "two").printed
    files = sorted((tmp_path / "receipts").iterdir(), key=lambda p: p.stat().st_size)
    assert [f.read_bytes() for f in files] == [JOB, JOB + b"2"]


def test_unreachable_network_printer_is_disconnected_not_a_crash(tmp_path):
    service = PrintService(printer_config(tmp_path, "socket://127.0.0.1:9"))
    result = service.submit(JOB, "x")
    assert not result.printed
    assert result.status.state is State.DISCONNECTED
    assert "Check the power" in result.status.message
    assert service.pending_count() == 1


# -- printing and faults ---------------------------------------------------------------------


def test_normal_print_arrives_byte_for_byte(tmp_path, fake):
    service = PrintService(printer_config(tmp_path, fake.url))
    result = service.submit(JOB, "receipt 10:42")
    assert result.printed and result.status.state is State.READY
    assert fake.jobs_bytes == JOB
    assert service.pending_count() == 0


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("paper_out", State.PAPER_OUT),
        ("cover_open", State.COVER_OPEN),
        ("offline", State.OFFLINE),
        ("silent", State.NO_ANSWER),
    ],
)
def test_printer_not_ready_keeps_the_job_and_says_why(tmp_path, fake, state, expected):
    fake.state = state
    service = PrintService(printer_config(tmp_path, fake.url))
    result = service.submit(JOB, "x")
    assert not result.printed
    assert result.status.state is expected
    assert fake.jobs_bytes == b""
    assert [job.last_error for job in service.spool.pending()] == [expected.value]


def test_paper_near_end_still_prints_and_warns(tmp_path, fake):
    fake.state = "near_end"
    service = PrintService(printer_config(tmp_path, fake.url))
    result = service.submit(JOB, "x")
    assert result.printed and result.status.state is State.PAPER_NEAR_END


def test_paper_out_then_new_roll_prints_once(tmp_path, fake):
    fake.state = "paper_out"
    service = PrintService(printer_config(tmp_path, fake.url))
    assert not service.submit(JOB, "first").printed
    assert not service.submit(JOB + b"B", "second").printed
    fake.state = "ready"
    assert service.check_status().ok
    assert fake.jobs_bytes == JOB + JOB + b"B"  # in order, once each
    assert service.retry_pending() == []
    assert fake.jobs_bytes == JOB + JOB + b"B"


def test_printer_that_stops_reading_times_out_and_keeps_the_job(tmp_path):
    with PtyPrinter() as fake:
        fake.reading = False
        service = PrintService(printer_config(tmp_path, fake.url))
        big = JOB + b"x" * 200_000
        result = service.submit(big, "x")
        assert not result.printed
        assert result.status.state in (State.WRITE_TIMEOUT, State.NO_ANSWER)
        assert service.pending_count() == 1


def test_connection_dropped_mid_job_keeps_it_and_prints_after_recovery(tmp_path):
    with TcpPrinter() as fake:
        fake.drop_after = 1000
        service = PrintService(printer_config(tmp_path, fake.url))
        big = JOB + b"y" * 50_000
        result = service.submit(big, "x")
        assert not result.printed
        assert result.status.state in (State.DISCONNECTED, State.NO_ANSWER, State.WRITE_TIMEOUT)
        assert service.pending_count() == 1
        fake.received.clear()
        assert service.check_status().ok
        # what reached the paper before the kill may print as well; the whole job follows
        assert fake.jobs_bytes.endswith(big)
        assert service.pending_count() == 0
        assert service.pending_count() == 0


def test_reprint_last_sends_the_same_bytes_again(tmp_path, fake):
    service = PrintService(printer_config(tmp_path, fake.url))
    assert service.reprint_last() is None
    service.submit(JOB, "x")
    assert service.reprint_last().printed
    assert fake.jobs_bytes == JOB + JOB


# -- the spool -------------------------------------------------------------------------------


def test_spool_file_is_private_and_purges_printed_jobs(tmp_path):
    spool = Spool(tmp_path / "var" / "spool.sqlite3")
    assert stat.S_IMODE(os.stat(spool.path).st_mode) == 0o600
    now = datetime(2026, 11, 25, 10, 0)
    old, new, waiting = (spool.add(JOB, label, now) for label in ("a", "b", "c"))
    spool.mark_printed(old, now - timedelta(hours=3))
    spool.mark_printed(new, now)
    assert spool.purge(now, timedelta(hours=2)) == 1
    assert spool.get(old) is None and spool.get(new) is not None
    assert spool.forget_printed() == 1
    assert [job.id for job in spool.pending()] == [waiting]


CRASHING_KIOSK = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import datetime
    from kiosk.config import PrinterConfig
    from kiosk.printer.service import PrintService
    config = PrinterConfig(url=sys.argv[1], spool_path=sys.argv[2], write_timeout_s=30)
    service = PrintService(config)
    if sys.argv[3] == "after-spool":
        service.spool.add(bytes.fromhex(sys.argv[4]), "receipt", datetime.now())
        os.kill(os.getpid(), signal.SIGKILL)
    print("printing", flush=True)
    service.submit(b"z" * int(sys.argv[4]), "receipt")  # blocks: the printer is not reading
    """
)


def test_crash_between_spool_and_print_prints_once_after_restart(tmp_path):
    spool_path = tmp_path / "spool.sqlite3"
    with TcpPrinter() as fake:
        crashed = subprocess.run(
            [sys.executable, "-c", CRASHING_KIOSK, fake.url, str(spool_path), "after-spool",
             JOB.hex()], capture_output=True, timeout=60,
        )  # fmt: skip
        assert crashed.returncode == -signal.SIGKILL
        assert fake.jobs_bytes == b""
        service = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        assert [r.printed for r in service.retry_pending()] == [True]
        assert service.retry_pending() == []
        assert fake.jobs_bytes == JOB


def test_killed_mid_write_the_job_survives_and_prints_after_restart(tmp_path):
    spool_path = tmp_path / "spool.sqlite3"
    with PtyPrinter() as fake:
        fake.reading = False
        big = b"z" * 100_000
        kiosk = subprocess.Popen(
            [sys.executable, "-c", CRASHING_KIOSK, fake.url, str(spool_path), "write", "100000"],
            stdout=subprocess.PIPE,
        )
        try:
            assert kiosk.stdout.readline() == b"printing\n"
            deadline = datetime.now() + timedelta(seconds=20)
            while not Spool(spool_path).pending() and datetime.now() < deadline:
                time.sleep(0.05)
        finally:
            kiosk.kill()
            kiosk.wait(timeout=10)
        fake.received.clear()
        fake.reading = True
        service = PrintService(printer_config(tmp_path, fake.url, spool_path=spool_path))
        assert [r.printed for r in service.retry_pending()] == [True]
        # what reached the paper before the kill may print as well; the whole job follows
        assert fake.jobs_bytes.endswith(big)
        assert service.pending_count() == 0


def test_print_test_command_reports_status_and_leaves_nothing_in_the_spool(tmp_path):
    from kiosk.cli import main

    for state, code in (("ready", 0), ("paper_out", 1)):
        with TcpPrinter(state) as fake:
            config = tmp_path / f"{state}.toml"
            spool = tmp_path / f"{state}.sqlite3"
            config.write_text(f'[printer]\nurl = "{fake.url}"\nspool_path = "{spool}"\n')
            assert main(["print-test", "--config", str(config)]) == code
            assert (b"Printer test" in fake.jobs_bytes) == (state == "ready")
            assert Spool(spool).counts() == {"pending": 0, "printed": 0}
