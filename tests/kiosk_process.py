"""A real `kiosk run` in a child process on a pseudo-terminal, for the signal and log tests.

`KioskProcess` starts the kiosk under a pty of a given size, drains what it draws (so it never
blocks on a full terminal), and can type keys, wait for text and send signals. Teardown kills
and reaps whatever is left, by pid.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07"
)


def write_config(folder: Path, **printer: str) -> Path:
    """A kiosk.toml in `folder` with everything under it: receipts folder, spool, key."""
    forms = Path(__file__).resolve().parent.parent / "forms" / "medial-branch-block.toml"
    url = printer.get("url", str(folder / "receipts") + "/")
    (folder / "receipts").mkdir(exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(
        f'[form]\npath = "{forms}"\n'
        f'[printer]\nurl = "{url}"\nspool_path = "{folder / "var" / "spool.sqlite3"}"\n'
        f"status_poll_s = 5\nwrite_timeout_s = 2.0\nstatus_timeout_s = 0.5\n"
        f'[payload]\nkey_file = "{folder / "var" / "kiosk.key"}"\n',
        "utf-8",
    )
    return path


class KioskProcess:
    def __init__(self, args: list[str], cwd: Path, size: tuple[int, int] = (100, 40), env=None):
        self.master, slave = pty.openpty()
        cols, rows = size
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
        environ.pop("TEXTUAL_DRIVER", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", *args],
            stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=environ,
            start_new_session=True, close_fds=True,
        )  # fmt: skip
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def text(self) -> str:
        return ANSI.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def wait_for(self, words: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while words not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{words!r} never shown; exit {self.process.poll()}")
            time.sleep(0.1)

    def type(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def signal(self, signum: int) -> None:
        os.kill(self.process.pid, signum)

    def wait_exit(self, timeout: float) -> tuple[int | None, float]:
        """(exit code, seconds taken); the code is None when it did not exit in time."""
        start = time.monotonic()
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            code = None
        return code, time.monotonic() - start

    def close(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        with contextlib.suppress(OSError):
            os.close(self.master)
