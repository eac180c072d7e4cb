"""The print service against a fake printer on a real pty and a real TCP port: spool first,
print in order and once, keep the job through every fault, print it after recovery."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from fake_printer import PtyPrinter, TcpPrinter, make_printer, printer_config

from kiosk.cli import main
from kiosk.core.escpos import Receipt
from kiosk.errors import PrinterError
from kiosk.printer.service import PrintService
from kiosk.printer.spool import Spool
from kiosk.printer.status import State
from kiosk.printer.transports import open_transport

JOB = Receipt(48).text("Test receipt").qr("123456789012").cut().to_bytes()
BIG = JOB + b"y" * 400_000  # larger than every buffer between the kiosk and the fake


@pytest.fixture(params=["pty", "tcp"])
def fake(request):
    printer = make_printer(request.param)
    yield printer
    printer.stop()


@pytest.fixture
def services():
    made = []

    def make(config, **kwargs) -> PrintService:
        made.append(PrintService(config, **kwargs))
        return made[-1]

    yield make
    for service in made:
        service.close()


def test_normal_print_arrives_byte_for_byte(tmp_path, fake, services):
    service = services(printer_config(tmp_path, fake.url))
    result = service.submit(JOB, "receipt 10:42")
    assert result.printed and result.status.state is State.READY
    assert fake.jobs_bytes == JOB
    assert service.pending_count() == 0
    assert service.spool.last_printed().id == result.job_id


@pytest.mark.parametrize(
    ("state", "expected", "words"),
    [
        ("paper_out", State.PAPER_OUT, "Paper has run out. Put in a new roll"),
        ("cover_open", State.COVER_OPEN, "cover is open"),
        ("offline", State.OFFLINE, "offline"),
        ("silent", State.NO_ANSWER, "does not answer"),
    ],
)
def test_printer_not_ready_keeps_the_job_and_says_why(
    tmp_path, fake, services, state, expected, words
):
    fake.state = state
    service = services(printer_config(tmp_path, fake.url))
    result = service.submit(JOB, "x")
    assert not result.printed
    assert result.status.state is expected and service.last_status.state is expected
    assert words in result.status.message
    assert fake.jobs_bytes == b""
    assert [(j.attempts, j.last_error, j.state) for j in service.spool.waiting()] == [
        (1, expected.value, "waiting")
    ]
    fake.state = "ready"
    assert service.check_status().ok
    time.sleep(0.05)
    assert fake.jobs_bytes == b""  # the printer is back, but the job waits for staff


def test_paper_near_end_still_prints_and_warns(tmp_path, fake, services):
    fake.state = "near_end"
    result = services(printer_config(tmp_path, fake.url)).submit(JOB, "x")
    assert result.printed and result.status.state is State.PAPER_NEAR_END
    assert "running low" in result.status.message


def test_paper_out_during_the_job_makes_it_uncertain_and_never_resends_it(tmp_path, services):
    with TcpPrinter() as fake:

        def paper_runs_out_while_printing(config):
            transport = open_transport(config)
            write = transport.write

            def write_then_run_out(data):
                write(data)
                if data == JOB:  # not the status questions, which go through write too
                    fake.state = "paper_out"

            transport.write = write_then_run_out
            return transport

        config = printer_config(tmp_path, fake.url)
        service = services(config, transport_factory=paper_runs_out_while_printing)
        result = service.submit(JOB, "x")
        assert not result.printed and result.status.state is State.PAPER_OUT
        assert result.state == "uncertain" and service.spool.get(result.job_id).state == "uncertain"
        fake.state = "ready"
        assert service.check_status().ok
        assert service.print_waiting() == []  # staff's "print waiting" leaves it alone too
        time.sleep(0.05)
        assert fake.jobs_bytes == JOB  # sent once; not taken as printed, not sent again


def test_paper_out_then_new_roll_waits_for_staff_then_prints_each_once_in_order(
    tmp_path, fake, services
):
    fake.state = "paper_out"
    service = services(printer_config(tmp_path, fake.url))
    assert not service.submit(JOB, "first").printed
    assert not service.submit(JOB + b"B", "second").printed
    assert service.check_status().state is State.PAPER_OUT
    fake.state = "ready"
    assert service.check_status().ok
    time.sleep(0.05)
    assert fake.jobs_bytes == b""  # nobody asked: nothing prints
    assert [r.printed for r in service.print_waiting()] == [True, True]  # staff asked
    assert fake.jobs_bytes == JOB + JOB + b"B"
    assert service.print_waiting() == []
    assert service.check_status().ok
    assert fake.jobs_bytes == JOB + JOB + b"B"


def test_a_held_job_does_not_block_the_next_patients_receipt(tmp_path, fake, services):
    fake.state = "offline"
    service = services(printer_config(tmp_path, fake.url))
    held = service.submit(JOB + b"A", "a")
    fake.state = "ready"
    mine = service.submit(JOB + b"B", "b")
    assert (held.state, mine.printed) == ("waiting", True)
    time.sleep(0.05)
    assert fake.jobs_bytes == JOB + b"B"  # B's own, and not A's in B's hands


def test_printer_that_stops_reading_makes_the_job_uncertain_until_staff_reprint(
    tmp_path, fake, services
):
    fake.stall_after = 1000  # answers the status question, takes part of the job, then stops
    service = services(printer_config(tmp_path, fake.url))
    result = service.submit(BIG, "x")
    assert not result.printed and result.state == "uncertain"
    assert result.status.state is State.WRITE_TIMEOUT
    assert "stopped taking data" in result.status.message
    if isinstance(fake, TcpPrinter):
        fake.drop()  # the half-sent job dies with the old connection, as on a power cycle
    fake.reading = True
    time.sleep(0.1)  # let the fake swallow what the pty still held of the half job
    fake.received.clear()
    assert service.check_status().ok and service.print_waiting() == []
    time.sleep(0.05)
    assert fake.jobs_bytes == b""  # never resent by itself
    assert service.reprint(result.job_id).printed  # staff tore off the half and reprinted
    assert fake.jobs_bytes == BIG
    assert service.spool.get(result.job_id).state == "printed"


def test_connection_dropped_mid_job_is_uncertain_and_not_resent(tmp_path, services):
    with TcpPrinter() as fake:
        fake.drop_after = 1000
        service = services(printer_config(tmp_path, fake.url))
        result = service.submit(BIG, "x")
        assert not result.printed and result.state == "uncertain"
        assert result.status.state is State.DISCONNECTED
        assert "Cannot reach the printer" in result.status.message
        partial = fake.jobs_bytes
        assert 1000 <= len(partial) < len(BIG)
        assert service.check_status().ok
        assert service.print_waiting() == []
        time.sleep(0.05)
        assert fake.jobs_bytes == partial
        assert [j.id for j in service.held()] == [result.job_id]


def test_unplugged_serial_printer_makes_the_job_uncertain(tmp_path, services):
    with PtyPrinter() as fake:
        fake.drop_after = 1000
        service = services(printer_config(tmp_path, fake.url))
        result = service.submit(BIG, "x")
        assert not result.printed and result.state == "uncertain"
        assert result.status.state in (State.DISCONNECTED, State.WRITE_TIMEOUT)
        assert service.pending_count() == 1


def test_unreachable_printer_is_a_status_not_an_exception(tmp_path, services):
    service = services(printer_config(tmp_path, "socket://127.0.0.1:9"))
    result = service.submit(JOB, "x")
    assert not result.printed and result.status.state is State.DISCONNECTED
    assert service.check_status().state is State.DISCONNECTED
    assert [j.state for j in service.held()] == ["waiting"]  # nothing was sent


def test_a_transport_that_cannot_open_is_a_status(tmp_path, services):
    def broken(config):
        raise PrinterError("no printer set")

    service = services(printer_config(tmp_path, "loop://"), transport_factory=broken)
    assert service.check_status().state is State.NOT_CONFIGURED
    assert not service.submit(JOB, "x").printed


def test_reprint_last_sends_the_same_bytes_again(tmp_path, fake, services):
    service = services(printer_config(tmp_path, fake.url))
    assert service.reprint_last() is None
    service.submit(JOB, "x")
    assert service.reprint_last().printed
    assert fake.jobs_bytes == JOB + JOB
    assert service.pending_count() == 0


def test_jobs_from_many_threads_print_once_each_in_spool_order(tmp_path, services):
    with TcpPrinter() as fake:
        service = services(printer_config(tmp_path, fake.url))
        jobs = [b"<job %02d>" % n for n in range(8)]
        results = []
        threads = [
            threading.Thread(target=lambda j=j: results.append(service.submit(j, "x")))
            for j in jobs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)
        assert all(r.printed for r in results) and len(results) == 8
        by_id = {r.job_id: r for r in results}
        printed = fake.jobs_bytes
        assert sorted(printed.split(b">")[:-1]) == sorted(j[:-1] for j in jobs)
        order = [printed.index(service.spool.get(i).data) for i in sorted(by_id)]
        assert order == sorted(order)


def test_purge_uses_the_configured_retention(tmp_path, services):
    now = datetime(2026, 11, 25, 10, 0)
    config = printer_config(tmp_path, f"{tmp_path}/out/", spool_retention_h=2)
    service = services(config, clock=lambda: now)
    assert service.submit(JOB, "x").printed
    assert service.purge(now + timedelta(hours=1)) == 0
    assert service.purge(now + timedelta(hours=2, minutes=1)) == 1
    assert service.reprint_last() is None


def test_the_idle_status_check_purges_expired_receipts(tmp_path, services):
    clock = [datetime(2026, 11, 25, 10, 0)]
    config = printer_config(tmp_path, f"{tmp_path}/out/", spool_retention_h=2)
    service = services(config, clock=lambda: clock[0])
    assert service.submit(JOB, "x").printed
    assert service.check_status().ok and service.spool.last_printed() is not None
    clock[0] += timedelta(hours=3)
    assert service.check_status().ok and service.spool.last_printed() is None


def test_print_test_prints_a_page_and_leaves_the_spool_alone(tmp_path, capsys):
    for state, code, words in (
        ("ready", 0, "Printer ready"),
        ("paper_out", 1, "Paper has run out"),
    ):
        with TcpPrinter(state) as fake:
            config = tmp_path / f"{state}.toml"
            spool_path = tmp_path / f"{state}.sqlite3"
            config.write_text(f'[printer]\nurl = "{fake.url}"\nspool_path = "{spool_path}"\n')
            with Spool(spool_path) as spool:
                spool.add(b"PATIENT RECEIPT", "waiting", datetime.now())
            assert main(["print-test", "--config", str(config)]) == code
            out = capsys.readouterr().out
            assert words in out
            assert (b"Printer test" in fake.jobs_bytes) == (state == "ready")
            assert b"\x1d(k" in fake.jobs_bytes or state != "ready"  # the native QR
            assert b"PATIENT" not in fake.jobs_bytes  # waiting receipts are the kiosk's job
            assert main(["spool", "--config", str(config)]) == 0
            out = capsys.readouterr().out
            assert out.startswith("1 waiting, 0 printed") and "0 may be half printed" in out


def test_held_and_uncertain_jobs_expire_after_the_retention_and_are_deleted(tmp_path, services):
    clock = [datetime(2026, 11, 25, 10, 0)]
    with TcpPrinter("paper_out") as fake:
        config = printer_config(tmp_path, fake.url, spool_retention_h=2)
        service = services(config, clock=lambda: clock[0])
        held = service.submit(JOB, "held")
        fake.state, fake.drop_after_cut = "ready", True
        uncertain = service.submit(JOB, "maybe")
        assert [(j.id, j.state) for j in service.held()] == [
            (held.job_id, "waiting"),
            (uncertain.job_id, "uncertain"),
        ]
        clock[0] += timedelta(hours=1, minutes=59)
        service.check_status()
        assert len(service.held()) == 2
        clock[0] += timedelta(minutes=2)
        service.check_status()  # the idle kiosk's regular check
        assert service.held() == [] and service.spool.counts()["waiting"] == 0
        assert service.print_waiting() == [] and service.reprint(uncertain.job_id) is None
