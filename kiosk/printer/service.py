"""The print service: spool first, then print, in order, once each; faults become a status.

Every method blocks (the UI calls them from a worker thread) and is safe across threads.
Nothing here raises because of the printer: a fault is a `PrinterStatus`, and the job waits
in the spool until `check_status` or `retry_pending` finds the printer ready again.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.config import PrinterConfig
from kiosk.errors import PrinterError
from kiosk.printer.spool import Job, Spool
from kiosk.printer.status import PrinterStatus, State, query_status
from kiosk.printer.transport import (
    Disconnected,
    Transport,
    WriteTimeout,
    forget_output,
    open_transport,
)

TransportFactory = Callable[[PrinterConfig], Transport]


@dataclass(frozen=True)
class JobResult:
    job_id: int
    printed: bool
    status: PrinterStatus


def print_bytes(
    config: PrinterConfig, data: bytes, transport_factory: TransportFactory = open_transport
) -> PrinterStatus:
    """Send bytes once, without the spool: ask, write, ask again. The answer after the write
    decides; `ok` means the printer took every byte and was still fine."""
    try:
        with transport_factory(config) as transport:
            before = query_status(transport, config.status_timeout_s)
            if not before.ok:
                return before
            transport.write(data)
            return query_status(transport, config.status_timeout_s)
    except PrinterError as exc:
        return status_of(exc)


def status_of(exc: PrinterError) -> PrinterStatus:
    """A transport error as a status, with its first problem as the detail."""
    if isinstance(exc, WriteTimeout):
        state = State.WRITE_TIMEOUT
    elif isinstance(exc, Disconnected):
        state = State.DISCONNECTED
    else:
        state = State.NOT_CONFIGURED
    return PrinterStatus(state, exc.problems[0].message if exc.problems else "")


class PrintService:
    on_spooled: Callable[[int], None] | None = None
    """Called with the job id after the job is committed and before a byte is sent (for the
    crash test, which kills the process exactly there)."""

    def __init__(
        self,
        config: PrinterConfig,
        transport_factory: TransportFactory | None = None,
        clock: Callable[[], datetime] | None = None,
        spool: Spool | None = None,
    ):
        self.config = config
        self.open = transport_factory or open_transport
        self.clock = clock or datetime.now
        self.spool = spool or Spool(config.spool_path)
        self.last_status = PrinterStatus(State.UNKNOWN, checked_at=self.clock())
        self._lock = threading.RLock()

    def submit(self, data: bytes, label: str) -> JobResult:
        """Spool the job (durable on return), then print everything waiting, oldest first."""
        with self._lock:
            job_id = self.spool.add(data, label, self.clock())
            if self.on_spooled:
                self.on_spooled(job_id)
            results = {r.job_id: r for r in self.retry_pending()}
            return results.get(job_id, JobResult(job_id, False, self.last_status))

    def retry_pending(self) -> list[JobResult]:
        """Print waiting jobs oldest first; stop at the first that fails, to keep the order."""
        with self._lock:
            results = []
            for job in self.spool.pending():
                result = self._print(job)
                results.append(result)
                if not result.printed:
                    break
            return results

    def reprint_last(self) -> JobResult | None:
        """Print the most recent printed job again (it is still in the spool until purged)."""
        with self._lock:
            job = self.spool.last_printed()
            return None if job is None else self._print(job)

    def check_status(self) -> PrinterStatus:
        """Ask the printer; when it is ready again, print what is waiting. Also purges printed
        jobs past their retention, so the idle kiosk's regular check keeps the spool short."""
        with self._lock:
            self.purge()
            try:
                with self.open(self.config) as transport:
                    status = query_status(transport, self.config.status_timeout_s)
            except PrinterError as exc:
                status = status_of(exc)
            self._set(status)
            if status.ok and self.spool.pending():
                self.retry_pending()
            return self.last_status

    def pending_count(self) -> int:
        return self.spool.counts()["pending"]

    def purge(self, now: datetime | None = None) -> int:
        """Delete printed jobs older than the retention; how many went."""
        retention = timedelta(hours=self.config.spool_retention_h)
        with self._lock:
            return self.spool.purge(now or self.clock(), retention)

    def forget_printed(self) -> int:
        """Forget every printed job (the kiosk's reset and idle wipe): out of the spool, and
        out of a folder or file target, whose files stand in for the paper the patient took.
        Jobs still waiting stay in the spool until they print. How many jobs went."""
        with self._lock:
            forgotten = self.spool.forget_printed()
            forget_output(self.config)
            return forgotten

    def close(self) -> None:
        with self._lock:
            self.spool.close()

    def _print(self, job: Job) -> JobResult:
        status = self._set(print_bytes(self.config, job.data, self.open))
        if status.ok:
            self.spool.mark_printed(job.id, self.clock())
        elif job.state == "pending":
            self.spool.mark_failed(job.id, status.state.value)
        return JobResult(job.id, status.ok, status)

    def _set(self, status: PrinterStatus) -> PrinterStatus:
        self.last_status = dataclasses.replace(status, checked_at=self.clock())
        return self.last_status
