"""kiosk/files.py: a file is replaced whole or not at all, and private files are 0600 before
anything opens them."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from kiosk.files import make_private, write_atomically


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_replaced_file_is_0600_even_when_the_old_one_was_not(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and mode(path) == 0o600


def test_a_replaced_file_can_keep_a_mode_asked_for(tmp_path):
    path = tmp_path / "kiosk.toml"
    write_atomically(path, b"[staff]\n", mode=0o644)
    assert mode(path) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    path.write_bytes(b"old")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_make_private_creates_an_empty_0600_file_whatever_the_umask(tmp_path):
    old = os.umask(0o000)
    try:
        make_private(tmp_path / "spool.sqlite3")
    finally:
        os.umask(old)
    assert mode(tmp_path / "spool.sqlite3") == 0o600
    assert (tmp_path / "spool.sqlite3").read_bytes() == b""


def test_make_private_keeps_the_contents_of_an_existing_file(tmp_path):
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"SQLite format 3\x00 and the rest")
    path.chmod(0o644)
    make_private(path)
    assert path.read_bytes() == b"SQLite format 3\x00 and the rest" and mode(path) == 0o600


def test_make_private_on_a_fifo_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "trap"
    os.mkfifo(fifo)
    finished = threading.Event()
    errors: list[BaseException] = []

    def attempt():
        try:
            make_private(fifo)
        except OSError as exc:
            errors.append(exc)
        finished.set()

    threading.Thread(target=attempt, daemon=True).start()
    assert finished.wait(5), "make_private blocked on a FIFO with no reader"
    assert errors
