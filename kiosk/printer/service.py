"""The print service: spool first, then one honest attempt; everything after that is for staff.

A job is sent by itself once, at most: when its own patient confirms. If that attempt could not
start (printer not ready) the job is held `waiting` for staff; if bytes may have reached the
paper without a clean finish, it is `uncertain` and is never resent by itself. Staff print held
jobs and reprint uncertain ones from the staff screen. State changes are in docs/printing.md.

Every method blocks (the UI calls them from a worker thread) and is safe across threads.
Nothing here raises because of the printer: a fault is a `PrinterStatus`.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.errors import PrinterError
from kiosk.printer.spool import PRINTED, SENDING, UNCERTAIN, WAITING, Job, Spool
from kiosk.printer.status import PrinterStatus, State, query_status
from kiosk.printer.transports import (
    Disconnected,
    Transport,
    WriteTimeout,
    forget_output,
    open_transport,
)
from kiosk.settings.config import PrinterConfig

TransportFactory = Callable[[PrinterConfig], Transport]
Hook = Callable[[int], None]


@dataclass(frozen=True)
class JobResult:
    job_id: int
    state: str
    """The job's state after the attempt: printed, waiting (nothing sent) or uncertain."""
    status: PrinterStatus
    printed: bool = False
    """This attempt sent the whole job and the printer said it was fine after it."""


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
    """A transport error as a status. The detail is what the state's own words do not say:
    none for "stopped taking data"; for a printer that cannot be reached, the system's reason
    ("Connection refused"), not "cannot connect to the printer" after "Cannot reach the
    printer."; for a wrong setting, the transport's whole problem."""
    words = exc.problems[0].message if exc.problems else ""
    if isinstance(exc, WriteTimeout):
        return PrinterStatus(State.WRITE_TIMEOUT)
    if isinstance(exc, Disconnected):
        return PrinterStatus(State.DISCONNECTED, _system_reason(words))
    return PrinterStatus(State.NOT_CONFIGURED, words)


def _system_reason(words: str) -> str:
    """The system's reason from a transport's words: 'cannot connect to the printer ([Errno
    111] Connection refused)' -> 'Connection refused'; a serial port's 'cannot open ([Errno 2]
    could not open port /dev/ttyUSB0: [Errno 2] No such file ...); expected ...' -> 'No such
    file ...'. Words without a reason in brackets are kept, less a leading "the printer", which
    the state's words have said ('the printer closed the connection' -> 'closed the ...')."""
    start = words.find(" (")
    if start < 0:
        return words.removeprefix("the printer ")
    depth = 0
    for end in range(start + 1, len(words)):  # to the bracket that closes the first one
        depth += {"(": 1, ")": -1}.get(words[end], 0)
        if depth == 0:
            inner = words[start + 2 : end]
            return re.split(r"\[Errno -?\d+\] ", inner)[-1] or words
    return words


class PrintService:
    on_spooled: Hook | None = None
    """Called with the job id after the job is committed and before the printer is asked."""
    on_sending: Hook | None = None
    """Called after `sending` is committed, just before the first byte (crash tests kill here)."""
    on_sent: Hook | None = None
    """Called after the last byte is written, before the printer is asked how it went."""

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
        # A job still `sending` belongs to a kiosk that stopped mid-send: its bytes may be on
        # paper, so staff decide. (One kiosk process owns a spool; `kiosk spool` only reads.)
        self.recovered = self.spool.recover(self.clock())

    @property
    def retention(self) -> timedelta:
        return timedelta(hours=self.config.spool_retention_h)

    def submit(self, data: bytes, label: str) -> JobResult:
        """Spool the job (durable on return), then try it once, while its patient is here.
        Older held jobs are not touched: they wait for staff, and they never block this one."""
        with self._lock:
            job_id = self.spool.add(data, label, self.clock())
            if self.on_spooled:
                self.on_spooled(job_id)
            return self._attempt(self.spool.get(job_id))

    def print_waiting(self) -> list[JobResult]:
        """Staff asked: send the held (`waiting`) jobs, oldest first. Stops at the first that
        does not print, so a printer fault does not turn the rest uncertain."""
        with self._lock:
            results = []
            for job in self.spool.waiting():
                results.append(self._attempt(job))
                if not results[-1].printed:
                    break
            return results

    def reprint(self, job_id: int) -> JobResult | None:
        """Staff asked: send this job again (uncertain or printed). None if it is gone."""
        with self._lock:
            job = self.spool.get(job_id)
            if job is None or job.state == SENDING:
                return None
            return self._attempt(job)

    def reprint_last(self) -> JobResult | None:
        """Print the most recent printed job again (it is still in the spool until purged)."""
        with self._lock:
            job = self.spool.last_printed()
            return None if job is None else self._attempt(job)

    def check_status(self) -> PrinterStatus:
        """Ask the printer how it is. Never prints anything. Also deletes jobs past their
        retention, so the idle kiosk's regular check keeps the spool short."""
        with self._lock:
            self.purge()
            try:
                with self.open(self.config) as transport:
                    status = query_status(transport, self.config.status_timeout_s)
            except PrinterError as exc:
                status = status_of(exc)
            return self._set(status)

    def held(self) -> list[Job]:
        """Jobs staff must act on: waiting ones to print, uncertain ones to check and reprint."""
        with self._lock:
            return self.spool.in_state(WAITING, UNCERTAIN)

    def pending_count(self) -> int:
        with self._lock:  # forget_printed swaps the spool's connection
            counts = self.spool.counts()
        return counts[WAITING] + counts[UNCERTAIN]

    def purge(self, now: datetime | None = None) -> int:
        """Delete jobs past the retention; how many went."""
        with self._lock:
            return self.spool.purge(now or self.clock(), self.retention)

    def forget_printed(self) -> int:
        """Forget every printed job (the kiosk's reset and idle wipe): out of the spool, and
        out of a folder or file target, whose files stand in for the paper the patient took.
        Held jobs stay in the spool for staff. How many jobs went."""
        with self._lock:
            forgotten = self.spool.forget_printed()
            forget_output(self.config)
            return forgotten

    def close(self) -> None:
        with self._lock:
            self.spool.close()

    def _attempt(self, job: Job) -> JobResult:
        """Ask, mark `sending`, write, ask again; the job's new state says what we know."""
        sending = False
        try:
            with self.open(self.config) as transport:
                before = query_status(transport, self.config.status_timeout_s)
                if not before.ok:
                    return self._not_sent(job, before)
                self.spool.mark_sending(job.id, self.clock())
                sending = True
                if self.on_sending:
                    self.on_sending(job.id)
                transport.write(job.data)
                if self.on_sent:
                    self.on_sent(job.id)
                after = query_status(transport, self.config.status_timeout_s)
            # closed: a folder or file target has only now written the job out
        except PrinterError as exc:
            status = status_of(exc)
            if not sending:
                return self._not_sent(job, status)
            return self._uncertain(job, status)
        if not after.ok:  # sent, but the printer did not say it was fine after it
            return self._uncertain(job, after)
        self._set(after)
        self.spool.mark_printed(job.id, self.clock())
        return JobResult(job.id, PRINTED, self.last_status, printed=True)

    def _not_sent(self, job: Job, status: PrinterStatus) -> JobResult:
        """No byte of the job went: it keeps what it was (printed, uncertain) or waits."""
        self._set(status)
        if job.state in (PRINTED, UNCERTAIN):
            return JobResult(job.id, job.state, self.last_status)
        self.spool.mark_not_sent(job.id, status.state.value, self.clock())
        return JobResult(job.id, WAITING, self.last_status)

    def _uncertain(self, job: Job, status: PrinterStatus) -> JobResult:
        self._set(status)
        self.spool.mark_uncertain(job.id, status.state.value, self.clock())
        return JobResult(job.id, UNCERTAIN, self.last_status)

    def _set(self, status: PrinterStatus) -> PrinterStatus:
        self.last_status = dataclasses.replace(status, checked_at=self.clock())
        return self.last_status
