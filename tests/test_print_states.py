"""The print state machine under random sequences of patients, faults, polls, staff actions,
crashes and restarts (hypothesis stateful testing against an in-memory printer).

Promises checked after every step: no job is sent more than once without a person deciding;
a job whose bytes may be on paper is never sent again by itself; nothing is sent by a status
check or a restart; the spool agrees with what reached the printer; no job is lost.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from kiosk.errors import Problem
from kiosk.printer.service import PrintService
from kiosk.printer.status import DLE_EOT
from kiosk.printer.transports import Disconnected, WriteTimeout
from kiosk.settings.config import PrinterConfig

READY, PAPER_OUT = 0x12, 0x72  # DLE EOT 4 answers; n=1..3 answer READY for both
FAULTS = ["none", "paper_out", "silent", "garbage", "refuse", "timeout_mid", "drop_mid",
          "no_answer_after", "paper_out_after"]  # fmt: skip


class Killed(BaseException):
    """Stands in for SIGKILL: not caught by the service, leaves the spool as it is."""


class MemoryPrinter:
    """An in-memory printer whose next behaviour is `fault`; records every job write."""

    def __init__(self):
        self.fault = "none"
        self.writes: list[tuple[bytes, bool]] = []  # (job bytes, whole job went)
        self.questions = 0

    def open(self, config):
        if self.fault == "refuse":
            raise Disconnected([Problem(config.url, "refused")])
        return _Connection(self)


class _Connection:
    can_report_status = True

    def __init__(self, printer: MemoryPrinter):
        self.printer = printer
        self.answer = b""
        self.sent_job = False

    def write(self, data: bytes) -> None:
        fault = self.printer.fault
        if data.startswith(DLE_EOT) and len(data) == 3:
            self.printer.questions += 1
            after = self.sent_job
            if fault == "silent" or (fault == "no_answer_after" and after):
                self.answer = b""
            elif fault == "garbage":
                self.answer = b"\xff"
            elif fault == "paper_out" or (fault == "paper_out_after" and after):
                self.answer = bytes([PAPER_OUT if data[2] == 4 else 0x12])
                if data[2] == 1:
                    self.answer = b"\x1a"  # offline because of the paper
                if data[2] == 2:
                    self.answer = b"\x32"
            else:
                self.answer = bytes([READY])
            return
        self.sent_job = True
        if fault in ("timeout_mid", "drop_mid"):
            self.printer.writes.append((data[: len(data) // 2], False))
            error = WriteTimeout if fault == "timeout_mid" else Disconnected
            raise error([Problem("memory", "stopped")])
        self.printer.writes.append((data, True))

    def read(self, size: int, timeout: float) -> bytes:
        answer, self.answer = self.answer[:size], self.answer[size:]
        return answer

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PrintStates(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="print-states-"))
        self.config = PrinterConfig(url="memory://", spool_path=self.dir / "spool.sqlite3")
        self.printer = MemoryPrinter()
        self.service = self._start()
        self.jobs: dict[int, bytes] = {}
        self.staff_sends: dict[bytes, int] = {}  # per job: writes a person asked for
        self.auto_sends: dict[bytes, int] = {}
        self.made = 0  # receipts made so far: each one's bytes are unique

    def _receipt(self, kind: bytes) -> bytes:
        self.made += 1
        return b"\x1b@" + kind + b" %04d" % self.made + b"." * 40

    def _start(self) -> PrintService:
        return PrintService(self.config, transport_factory=self.printer.open)

    def _count_new_writes(self, before: int, staff: bool) -> None:
        sends = self.staff_sends if staff else self.auto_sends
        for data, _whole in self.printer.writes[before:]:
            job = next(d for d in self.jobs.values() if d.startswith(data))
            sends[job] = sends.get(job, 0) + 1

    @rule(fault=st.sampled_from(FAULTS))
    def printer_changes(self, fault):
        self.printer.fault = fault

    @rule()
    def patient_confirms(self):
        data = self._receipt(b"receipt")
        before = len(self.printer.writes)
        result = self.service.submit(data, "receipt")
        self.jobs[result.job_id] = data
        self._count_new_writes(before, staff=False)
        assert result.state in ("printed", "waiting", "uncertain")
        job = self.service.spool.get(result.job_id)
        assert job.state == result.state
        went = [w for w in self.printer.writes[before:]]
        assert result.printed == (went == [(data, True)] and job.state == "printed")
        if not went:
            assert job.state == "waiting"  # nothing sent: nothing can be on paper
        else:
            assert job.state in ("printed", "uncertain")

    @rule()
    def patient_confirms_and_kiosk_is_killed_mid_send(self):
        if self.printer.fault != "none":
            return

        def die(job_id):
            raise Killed

        data = self._receipt(b"killed")
        self.service.on_sending = die
        try:
            self.service.submit(data, "receipt")
        except Killed:
            pass
        finally:
            self.service.on_sending = None
        job_id = max(j.id for j in self.service.spool.in_state("sending"))
        self.jobs[job_id] = data
        self.service.close()
        self.service = self._start()  # restart
        assert self.service.spool.get(job_id).state == "uncertain"

    @rule()
    def idle_status_check(self):
        before = len(self.printer.writes)
        self.service.check_status()
        assert len(self.printer.writes) == before  # asking never prints

    @rule()
    def restart(self):
        before = len(self.printer.writes)
        self.service.close()
        self.service = self._start()
        assert len(self.printer.writes) == before
        assert self.service.spool.in_state("sending") == []

    @rule()
    def staff_print_waiting(self):
        uncertain = {j.id for j in self.service.spool.in_state("uncertain")}
        before = len(self.printer.writes)
        results = self.service.print_waiting()
        self._count_new_writes(before, staff=True)
        assert not {r.job_id for r in results} & uncertain  # never resends a maybe-printed one
        assert all(r.printed for r in results[:-1])

    @precondition(lambda self: self.jobs)
    @rule(data=st.data())
    def staff_reprint_one(self, data):
        job_id = data.draw(st.sampled_from(sorted(self.jobs)))
        before = len(self.printer.writes)
        self.service.reprint(job_id)
        self._count_new_writes(before, staff=True)

    @rule()
    def next_patient_reset(self):
        printed = {j.id for j in self.service.spool.in_state("printed")}
        self.service.forget_printed()
        for job_id in printed:
            del self.jobs[job_id]

    @invariant()
    def no_job_sent_twice_without_staff(self):
        assert all(n <= 1 for n in self.auto_sends.values()), self.auto_sends

    @invariant()
    def no_job_lost_and_none_left_sending(self):
        spool = {j.id for j in self.service.spool.in_state(
            "waiting", "printed", "uncertain")}  # fmt: skip
        assert spool == set(self.jobs)

    @invariant()
    def a_printed_job_reached_the_printer_whole(self):
        for job in self.service.spool.in_state("printed"):
            assert (self.jobs[job.id], True) in self.printer.writes

    def teardown(self):
        self.service.close()
        shutil.rmtree(self.dir, ignore_errors=True)


PrintStates.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None)
test_print_state_machine = PrintStates.TestCase
