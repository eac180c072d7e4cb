"""How a kiosk process starts and stops: no core files, and every stop signal a clean exit.

`kiosk run` (in a terminal, or as the child of `kiosk serve`) and `kiosk serve` itself call
`no_core_files()` first and watch the stop signals with `StopSignals`. A stop signal never kills
the process mid-step: it asks the running app to exit, and the caller then wipes and closes the
printer (`close_printer`) and exits 0, which is what systemd needs to stop or restart it.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import signal
from types import FrameType

log = logging.getLogger(__name__)

# systemd stops with SIGTERM; a closed terminal sends SIGHUP; SIGQUIT's default would dump core
# (with the last patient's answers in it); SIGINT is `kill -INT`, never a key (raw mode).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT)
# Signals that mean nothing to the kiosk and by default would end it abruptly.
IGNORED_SIGNALS = (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM)


class StopRequested(Exception):
    """A stop signal arrived while no app loop was running to hand it to."""


def no_core_files() -> None:
    """Core limit 0, hard and soft: a crash must never leave the patient's answers on disk."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as exc:  # pragma: no cover - a limit the OS refuses
        log.warning("could not set the core file limit to 0: %s", type(exc).__name__)


class StopSignals:
    """Turns STOP_SIGNALS into a request to the running app to exit, and ignores the rest.

    Set `app` to the app about to run. While its loop runs, a signal calls `app.exit()` from
    that loop. Outside the loop, with `app` set (starting), it raises StopRequested; with `app`
    None (cleaning up) it only records the signal, and the caller checks `requested`.
    """

    def __init__(self) -> None:
        self.requested: int | None = None
        self.app = None

    def install(self) -> StopSignals:
        for sig in STOP_SIGNALS:
            signal.signal(sig, self._on_signal)
        for sig in IGNORED_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        return self

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.requested = signum
        app = self.app
        if app is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise StopRequested(signal.Signals(signum).name) from None
        loop.call_soon_threadsafe(app.exit, 0)


def close_printer(printer) -> None:
    """Wipe and close after the app has stopped: printed receipts leave the folder or file
    target (they stand in for paper), and the spool's database is closed. Never raises."""
    try:
        printer.forget_patient()
    except Exception as exc:
        log.error("printer.forget_patient failed at exit: %s", type(exc).__name__)
    service = getattr(printer, "service", None)
    close = getattr(service, "close", None) or getattr(printer, "close", None)
    if close is not None:
        try:
            close()
        except Exception as exc:
            log.error("printer close failed at exit: %s", type(exc).__name__)
