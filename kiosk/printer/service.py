"""The print service: spool first, then print, in order, once each; faults become a status.

Every method blocks (the UI calls them from a worker thread) and is safe across threads.
Nothing here raises because of the printer: a fault is a `PrinterStatus`, and the job waits
in the spool until `check_status` or `retry_pending` finds the printer ready again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.config import PrinterConfig
from kiosk.errors import PrinterError
from kiosk.printer.spool import Job, Spool
from kiosk.printer.status import PrinterStatus, State, query_status
from kiosk.printer.transport import Disconnected, Transport, WriteTimeout, open_transport


@dataclass(frozen=True)
class JobResult:
    job_id: int
    printed: bool
    status: PrinterStatus


class PrintService:
    def __init__(
        self,
        config: PrinterConfig,
        transport_factory: Callable[[PrinterConfig], Transport] | None = None,
        clock: Callable[[], datetime] = datetime.now,
        spool: Spool | None = None,
    ):
        self.config = config
        self.open = transport_factory or open_transport
        self.clock = clock
        self.spool = spool or Spool(config.spool_path)
        self.last_status = PrinterStatus(State.UNKNOWN)
        self._lock = threading.RLock()

    def submit(self, data: bytes, label: str) -> JobResult:
        """Spool the job (durable on return), then try to print everything waiting, in order."""
        with self._lock:
            job_id = self.spool.add(data, label, self.clock())
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
        """Ask the printer; when it is ready again, print what is waiting."""
        with self._lock:
            try:
                transport = self.open(self.config)
            except PrinterError as exc:
                return self._set(PrinterStatus(_state_of(exc), _detail(exc)))
            try:
                status = self._set(query_status(transport, self.config.status_timeout_s))
            except PrinterError as exc:
                status = self._set(PrinterStatus(_state_of(exc), _detail(exc)))
            finally:
                transport.close()
            if status.ok and self.spool.pending():
                self.retry_pending()
            return self.last_status

    def pending_count(self) -> int:
        return self.spool.counts()["pending"]

    def purge(self, now: datetime | None = None) -> int:
        retention = timedelta(hours=self.config.spool_retention_h)
        with self._lock:
            return self.spool.purge(now or self.clock(), retention)

    def forget_printed(self) -> int:
        with self._lock:
            return self.spool.forget_printed()

    def _print(self, job: Job) -> JobResult:
        try:
            transport = self.open(self.config)
        except PrinterError as exc:
            return self._failed(job, PrinterStatus(_state_of(exc), _detail(exc)))
        try:
            before = query_status(transport, self.config.status_timeout_s)
            if not before.ok:
                return self._failed(job, before)
            transport.write(job.data)
            after = query_status(transport, self.config.status_timeout_s)
            if not after.ok:  # e.g. the paper ran out during the job: print it all again
                return self._failed(job, after)
        except PrinterError as exc:
            return self._failed(job, PrinterStatus(_state_of(exc), _detail(exc)))
        finally:
            transport.close()
        self.spool.mark_printed(job.id, self.clock())
        return JobResult(job.id, True, self._set(after))

    def _failed(self, job: Job, status: PrinterStatus) -> JobResult:
        if job.state == "pending":
            self.spool.mark_failed(job.id, status.state.value)
        return JobResult(job.id, False, self._set(status))

    def _set(self, status: PrinterStatus) -> PrinterStatus:
        self.last_status = status
        return status


def _state_of(exc: PrinterError) -> State:
    if isinstance(exc, WriteTimeout):
        return State.WRITE_TIMEOUT
    if isinstance(exc, Disconnected):
        return State.DISCONNECTED
    return State.NOT_CONFIGURED


def _detail(exc: PrinterError) -> str:
    return exc.problems[0].message if exc.problems else ""
