"""Transports chosen by one URL string: folder, file, serial (a real pty) and socket://."""

from __future__ import annotations

import os
import socket
import stat
import time

import pytest
from fake_printer import PtyPrinter, TcpPrinter, make_printer, printer_config

from kiosk.errors import PrinterError
from kiosk.printer.targets import is_serial_port
from kiosk.printer.transports import (
    OPENERS,
    Disconnected,
    FileTransport,
    FolderTransport,
    SerialTransport,
    SocketTransport,
    WriteTimeout,
    forget_output,
    kind_of,
    open_transport,
)

JOB = b"\x1b@Receipt \xe9\n\x10\x05 binary \x00\xff\x1dVA\x00"


@pytest.fixture(params=["pty", "tcp"])
def fake(request):
    printer = make_printer(request.param)
    yield printer
    printer.stop()


def wait_for(condition, seconds: float = 2.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_url_picks_the_transport(tmp_path):
    (tmp_path / "existing").mkdir()
    cases = {
        f"{tmp_path}/new-folder/": FolderTransport,
        str(tmp_path / "existing"): FolderTransport,
        str(tmp_path / "receipt.bin"): FileTransport,
        "loop://": SerialTransport,
    }
    for url, kind in cases.items():
        with open_transport(printer_config(tmp_path, url)) as transport:
            assert type(transport) is kind, url
    with PtyPrinter() as pty, open_transport(printer_config(tmp_path, pty.url)) as transport:
        assert type(transport) is SerialTransport
    with TcpPrinter() as tcp, open_transport(printer_config(tmp_path, tcp.url)) as transport:
        assert type(transport) is SocketTransport


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/dev/ttyUSB0", "serial"),
        ("COM3", "serial"),
        ("com12", "serial"),
        ("rfc2217://printer:4000", "serial"),
        ("spy://loop://", "serial"),
        ("socket://printer:9100", "socket"),
        ("receipts/", "folder"),
        ("COM", "file"),
        ("COM3x", "file"),
        ("receipt.bin", "file"),
    ],
)
def test_every_kind_of_url_has_one_row_in_the_table(url, kind):
    assert kind_of(url) == kind and kind in OPENERS
    assert is_serial_port(url) == (kind == "serial" and "://" not in url)


def test_folder_gets_one_private_file_per_job_with_the_exact_bytes(tmp_path):
    config = printer_config(tmp_path, f"{tmp_path}/receipts/")
    for data in (JOB, JOB + b"2"):
        with open_transport(config) as transport:
            transport.write(data[:5])
            transport.write(data[5:])
            assert transport.read(1, 0.1) == b""
    files = sorted((tmp_path / "receipts").iterdir(), key=lambda p: p.stat().st_size)
    assert [f.read_bytes() for f in files] == [JOB, JOB + b"2"]  # no temporary files left
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


def test_file_target_holds_the_latest_job(tmp_path):
    config = printer_config(tmp_path, str(tmp_path / "out" / "receipt.bin"))
    for data in (JOB + b"first", JOB):
        with open_transport(config) as transport:
            transport.write(data)
    assert (tmp_path / "out" / "receipt.bin").read_bytes() == JOB
    assert os.listdir(tmp_path / "out") == ["receipt.bin"]


def test_forget_output_deletes_only_the_folders_own_receipts(tmp_path):
    folder = tmp_path / "receipts"
    config = printer_config(tmp_path, f"{folder}/")
    for _ in range(2):
        with open_transport(config) as transport:
            transport.write(JOB)
    written = set(os.listdir(folder))
    (folder / ".receipt-abcd_123").write_bytes(JOB[:3])  # a job cut off by a power cut
    outside = tmp_path / "elsewhere.bin"
    outside.write_bytes(JOB)
    (folder / "receipt-20260101-000000-000000-9.bin").symlink_to(outside)
    (folder / "receipt-20260101-000000-000000-8.bin").mkdir()
    for name in ("notes.txt", "receipt-mine.bin", ".receipt-too-long-for-ours"):
        (folder / name).write_bytes(JOB)
    kept = set(os.listdir(folder)) - written - {".receipt-abcd_123"}
    assert forget_output(config) == 3
    assert {p.name for p in folder.iterdir()} == kept
    assert outside.read_bytes() == JOB


def test_forget_output_deletes_the_file_target_only_when_it_holds_a_job(tmp_path):
    target = tmp_path / "receipt.bin"
    config = printer_config(tmp_path, str(target))
    target.write_text("someone's notes, before anything was printed")
    assert forget_output(config) == 0 and target.exists()
    with pytest.raises(Disconnected), open_transport(config) as transport:
        transport.write(JOB)  # never written over someone's file (issue 13)
    assert target.read_text() == "someone's notes, before anything was printed"
    target.unlink()
    with open_transport(config) as transport:
        transport.write(JOB)
    assert forget_output(config) == 1 and not target.exists()
    assert forget_output(config) == 0  # nothing there is fine too


def test_forget_output_never_opens_a_pipe(tmp_path):
    target = tmp_path / "receipt.bin"
    os.mkfifo(target)  # opening it to read would wait for a writer for ever
    assert forget_output(printer_config(tmp_path, str(target))) == 0
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


@pytest.mark.parametrize("url", ["socket://127.0.0.1:9100", "loop://", "/dev/ttyUSB9", ""])
def test_forget_output_leaves_a_real_printer_alone(tmp_path, url):
    (tmp_path / "receipt-20260101-000000-000000-0.bin").write_bytes(JOB)
    assert forget_output(printer_config(tmp_path, url)) == 0
    assert (tmp_path / "receipt-20260101-000000-000000-0.bin").exists()


def test_bytes_arrive_exactly_over_pty_and_tcp(tmp_path, fake):
    with open_transport(printer_config(tmp_path, fake.url)) as transport:
        transport.write(JOB * 100)
    wait_for(lambda: len(fake.received) >= len(JOB) * 100)
    assert fake.jobs_bytes == JOB * 100


def test_serial_with_xonxoff_stops_when_the_printer_sends_xoff(tmp_path):
    with PtyPrinter() as fake:
        config = printer_config(tmp_path, fake.url, flow_control="xonxoff", baudrate=9600)
        with open_transport(config) as transport:
            transport.write(b"before")
            wait_for(lambda: fake.jobs_bytes == b"before")
            os.write(fake.master, b"\x13")  # XOFF: the printer's buffer is full
            time.sleep(0.05)
            started = time.monotonic()
            with pytest.raises(WriteTimeout, match="stopped taking data"):
                transport.write(b"x" * 100_000)
            assert time.monotonic() - started < 2
    assert b"x" * 100 not in fake.jobs_bytes


@pytest.mark.parametrize("kind", ["pty", "tcp"])
def test_printer_that_stops_reading_gives_a_write_timeout(tmp_path, kind):
    with make_printer(kind) as fake:
        fake.reading = False
        with open_transport(printer_config(tmp_path, fake.url)) as transport:
            started = time.monotonic()
            with pytest.raises(WriteTimeout):
                transport.write(b"x" * 2_000_000)
            assert time.monotonic() - started < 2


def test_dropped_network_printer_is_disconnected(tmp_path):
    with TcpPrinter() as fake:
        fake.drop_after = 1000
        transport = open_transport(printer_config(tmp_path, fake.url))
        with transport, pytest.raises(Disconnected, match="connection"):
            for _ in range(200):
                transport.write(b"y" * 10_000)
                time.sleep(0.005)


def test_unplugged_serial_printer_is_disconnected(tmp_path):
    with PtyPrinter() as fake:
        fake.drop_after = 1000
        transport = open_transport(printer_config(tmp_path, fake.url))
        with transport, pytest.raises(Disconnected, match="connection dropped"):
            for _ in range(200):
                transport.write(b"y" * 1000)
                time.sleep(0.005)


def test_refused_network_printer_is_disconnected(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    with pytest.raises(Disconnected, match="cannot connect"):
        open_transport(printer_config(tmp_path, f"socket://127.0.0.1:{port}"))


@pytest.mark.parametrize(
    "url", ["socket://printer-without-port", "/dev/no-such-printer", "nosuchscheme://x"]
)
def test_bad_url_names_the_form_expected(tmp_path, url):
    with pytest.raises(PrinterError) as caught:
        open_transport(printer_config(tmp_path, url))
    message = str(caught.value)
    assert url in message
    assert "expected a serial device (/dev/ttyUSB0), socket://host:9100" in message


def test_empty_url_is_a_printer_error(tmp_path):
    with pytest.raises(PrinterError, match="no printer set"):
        open_transport(printer_config(tmp_path, ""))
