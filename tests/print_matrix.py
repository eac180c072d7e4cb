"""The print fault matrix: patient A confirms into a printer fault, the fault clears, patient B
walks the whole kiosk and confirms, then staff act at the kiosk. Everything goes through
`KioskApp(config_path=...)` and widget ids, against a fake printer on a real TCP port or pty.

What reached the paper is read back from the captured bytes: each job is replayed on paper
(kiosk.core.preview) and its QR decoded with zxing-cpp and verified with the site key. Used by
tests/test_print_faults.py (a few scenarios) and benchmarks/print_faults.py (all of them).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import zxingcpp
from fake_printer import FakePrinter, PtyPrinter, TcpPrinter
from key_taps import tap_key
from test_app_walk import ALL_NO, FLAGS_B, confirm, settle, tap, walk

from kiosk.app import KioskApp
from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.payload import decode
from kiosk.core.preview import RenderError, render
from kiosk.settings.load import load_site

STATUS_TIMEOUT_S = 0.5  # generous: a loaded test machine must not look like a slow printer
WRITE_TIMEOUT_S = 1.0
# Short names and no free text: every walk is complete, but as few taps as it can be.
PATIENT_A = ALL_NO | {"name": "Ann Ash"}
PATIENT_B = FLAGS_B | {"name": "Bo Birch"}


def _set(**values) -> Callable[[FakePrinter], None]:
    def apply(fake: FakePrinter) -> None:
        for name, value in values.items():
            setattr(fake, name, value)

    return apply


def _nothing(fake: FakePrinter) -> None:
    return None


def _paper_out_mid_job(fake: FakePrinter) -> None:
    fake.trigger = (300, lambda: setattr(fake, "state", "paper_out"))


def _killed_mid_job(fake: FakePrinter) -> None:
    fake.trigger = (300, fake.power_off)


def _back(fake: FakePrinter) -> None:
    """The fault clears: paper in, cover shut, answering at once, reading again, power on."""
    fake.state = "ready"
    fake.answer_delay_s = fake.read_delay_s = 0.0
    fake.stall_after = fake.drop_after = fake.trigger = None
    fake.drop_after_cut = False
    fake.reading = True
    if isinstance(fake, TcpPrinter):
        fake.power_on()


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str  # "tcp" or "pty"
    fault: Callable[[FakePrinter], None]  # applied before patient A confirms
    back: Callable[[FakePrinter], None] = _back  # applied after A's done screen, before B
    prints: bool = False  # the fault is not one: A's receipt must print while A is there


SCENARIOS = [
    Scenario("no fault", "tcp", _nothing, prints=True),
    Scenario("printer off at start", "tcp", lambda fake: fake.power_off()),
    Scenario("paper out before the job", "pty", _set(state="paper_out")),
    Scenario("paper out mid-job", "tcp", _paper_out_mid_job),
    Scenario("cover open", "tcp", _set(state="cover_open")),
    Scenario("offline", "pty", _set(state="offline")),
    Scenario("status late", "pty", _set(answer_delay_s=STATUS_TIMEOUT_S * 3)),
    Scenario("status late", "tcp", _set(answer_delay_s=STATUS_TIMEOUT_S * 3)),
    Scenario("status garbage", "tcp", _set(state="garbage")),
    Scenario("silent printer", "pty", _set(state="silent")),
    Scenario("slow printer", "tcp", _set(read_delay_s=0.02), prints=True),
    Scenario("stall then resume", "pty", _set(stall_after=300, resume_after_s=1.2)),
    Scenario("stall then resume", "tcp", _set(stall_after=300, resume_after_s=1.2)),
    Scenario("cable pulled before the data", "tcp", _set(drop_after=0)),
    Scenario("cable pulled mid-job", "tcp", _set(drop_after=300)),
    Scenario("cable pulled after the data", "tcp", _set(drop_after_cut=True)),
    Scenario("printer killed mid-job", "tcp", _killed_mid_job),
]


@dataclass
class Outcome:
    scenario: Scenario
    patient_saw: str = ""
    staff_saw: str = ""
    staff_saw_at_fault: str = ""  # the staff line about A's receipt, while the fault was on
    printed: Counter = field(default_factory=Counter)  # complete receipts per patient name
    before_staff: Counter = field(default_factory=Counter)
    wrong_patient: int = 0  # pieces of A's receipt that arrived while B was at the kiosk
    bytes_during_b_walk: int = 0
    partial: int = 0  # jobs that reached the printer without a readable QR
    staff_actions: int = 0
    listed_waiting: int = 0  # receipts staff were told were never sent
    a_sent_before_staff: bool = False  # any of A's receipt reached the printer before staff
    left_for_staff: str = ""

    @property
    def duplicates(self) -> int:
        """Copies beyond the first that came without a staff action."""
        return sum(max(0, n - 1) for n in self.before_staff.values())

    @property
    def lost(self) -> int:
        """Confirmed receipts with no complete copy even after staff acted."""
        return sum(self.printed[name] == 0 for name in (PATIENT_A["name"], PATIENT_B["name"]))


def config_file(tmp: Path, url: str) -> Path:
    path = tmp / "kiosk.toml"
    path.write_text(
        "[printer]\n"
        f'url = "{url}"\n'
        f'spool_path = "{tmp / "spool.sqlite3"}"\n'
        f"status_timeout_s = {STATUS_TIMEOUT_S}\n"
        f"write_timeout_s = {WRITE_TIMEOUT_S}\n"
        "patient_slip = false\n"
        "[payload]\n"
        f'key_file = "{tmp / "kiosk.key"}"\n'
    )
    return path


def receipts(data: bytes, key: bytes) -> tuple[list[str], int]:
    """(names on the complete receipts, count of jobs without a readable QR) in `data`."""
    form = load_site().form
    names, partial = [], 0
    for piece in data.split(b"\x1b@")[1:]:
        try:
            image = render(b"\x1b@" + piece, PAPER_DOTS[80]).image
        except RenderError:  # cut off mid-line: half a receipt
            partial += 1
            continue
        codes = zxingcpp.read_barcodes(image)
        if not codes:
            partial += 1
            continue
        for code in codes:
            result = decode(
                code.text, [form], key, timedelta(days=3650), datetime.now().astimezone()
            )
            names.append(result.summary.patient_name if result.summary else "?invalid")
    return names, partial


def text_of(app, selector: str) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(selector))


async def until(pilot, condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def open_staff(pilot) -> None:
    await pilot.press("f12")
    await pilot.pause()
    for digit in "1818":
        await tap_key(pilot, digit)
    await tap_key(pilot, "done")
    await until(pilot, lambda: pilot.app.current_page_id == "staff")
    await until(pilot, lambda: "checking" not in text_of(pilot.app, "#staff-print-state"))
    await settle(pilot)


async def run_scenario(scenario: Scenario, tmp: Path) -> Outcome:
    fake = (PtyPrinter if scenario.kind == "pty" else TcpPrinter)().start()
    try:
        return await _run(scenario, tmp, fake)
    finally:
        fake.stop()


async def _run(scenario: Scenario, tmp: Path, fake: FakePrinter) -> Outcome:
    out = Outcome(scenario)
    app = KioskApp(config_path=config_file(tmp, fake.url))
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0  # tap at once (test_app_flow.py tests the settle time)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await walk(pilot, PATIENT_A)
        scenario.fault(fake)
        await confirm(pilot)  # every answer seen, then Confirm
        await until(pilot, lambda: "Please wait" not in text_of(app, "#done-message"))
        await settle(pilot)
        out.patient_saw = text_of(app, "#done-message")
        out.staff_saw_at_fault = app.last_print_problem
        await asyncio.sleep(WRITE_TIMEOUT_S * 2)  # late answers and stalls play out meanwhile
        scenario.back(fake)
        await tap(pilot, "#finish")
        await until(pilot, lambda: app.current_page_id == "welcome")
        b_start = time.monotonic()
        await walk(pilot, PATIENT_B)
        b_confirm = time.monotonic()
        await confirm(pilot)  # every answer seen, then Confirm
        await until(pilot, lambda: "Please wait" not in text_of(app, "#done-message"))
        await settle(pilot)
        await asyncio.sleep(0.3)
        staff_start = time.monotonic()
        key = app.printer.key

        out.bytes_during_b_walk = len(fake.bytes_between(b_start, b_confirm))
        during_b = fake.bytes_between(b_start, staff_start)
        out.wrong_patient = during_b.count(PATIENT_A["name"].encode())
        names, partial = receipts(fake.bytes_between(0, staff_start), key)
        out.before_staff = Counter(names)
        out.a_sent_before_staff = bool(fake.bytes_between(0, b_start))  # only A's job was sent then
        await tap(pilot, "#finish")
        await until(pilot, lambda: app.current_page_id == "welcome")

        await open_staff(pilot)
        out.staff_saw = (
            f"{text_of(app, '#staff-print-state')} | {text_of(app, '#staff-print-counts')}"
        )
        out.listed_waiting = len(app.screen.query(".staff-job")) - len(
            app.screen.query(".staff-job PlainButton")
        )
        await _staff_prints(pilot, out)
        await settle(pilot)
        out.left_for_staff = text_of(app, "#staff-print-counts")
        names, partial = receipts(fake.bytes_between(0), key)
        out.printed, out.partial = Counter(names), partial
    return out


async def _staff_prints(pilot, out: Outcome) -> None:
    """What staff do: print the waiting receipts; tear off and reprint each uncertain one."""
    app = pilot.app
    for _ in range(5):
        button = app.screen.query_one("#staff-print-waiting")
        reprints = list(app.screen.query(".staff-job PlainButton"))
        if not button.disabled:
            target = "#staff-print-waiting"
        elif reprints:
            target = f"#{reprints[0].id}"
        else:
            return
        out.staff_actions += 1
        await tap(pilot, target)
        await until(pilot, lambda: "..." not in text_of(app, "#staff-message"))
        await settle(pilot)
        await pilot.pause(0.2)
    raise AssertionError("staff could not clear the held receipts")


def check(out: Outcome) -> list[str]:
    """Every broken promise in one outcome, in words (empty when all hold)."""
    a, b = PATIENT_A["name"], PATIENT_B["name"]
    problems = []
    if out.duplicates:
        problems.append(f"{out.duplicates} duplicate(s) without staff")
    if out.wrong_patient or out.bytes_during_b_walk:
        problems.append("A's receipt reached the printer while B was at the kiosk")
    if out.lost:
        problems.append(f"{out.lost} receipt(s) never printed")
    if out.printed[a] - out.before_staff[a] > 1 or out.printed[b] - out.before_staff[b] > 1:
        problems.append("staff printed a receipt more than once")
    if out.listed_waiting and out.a_sent_before_staff:
        problems.append("staff were told a receipt was never sent, but it had reached the printer")
    if "Waiting to print: 0. May be half printed: 0." not in out.left_for_staff:
        problems.append(f"staff screen still shows held receipts: {out.left_for_staff}")
    return problems


def run_without_screens(scenario: Scenario, tmp: Path) -> Outcome:
    """The same scenario straight through the kiosk's printer (no screens, so no walk): fast
    enough to run the whole matrix in the test suite."""
    from kiosk.core.answers import from_json
    from kiosk.core.summary import build_summary
    from kiosk.printer.spooled import SpooledReceiptPrinter

    fake = (PtyPrinter if scenario.kind == "pty" else TcpPrinter)().start()
    try:
        site = load_site(config_file(tmp, fake.url))
        printer = SpooledReceiptPrinter(site.config)
        now = datetime.now().astimezone()

        def summary(patient):
            return build_summary(site.form, from_json(site.form, patient, now.date(), "t"), now)

        out = Outcome(scenario)
        scenario.fault(fake)
        first = printer.print_summary(summary(PATIENT_A), site.form)
        out.patient_saw, out.staff_saw_at_fault = first.patient_message, first.staff_message
        time.sleep(WRITE_TIMEOUT_S * 2)
        scenario.back(fake)
        b_start = time.monotonic()
        for _ in range(3):  # the idle kiosk's regular printer checks while B answers
            printer.status()
        b_confirm = time.monotonic()
        printer.print_summary(summary(PATIENT_B), site.form)
        time.sleep(0.3)
        staff_start = time.monotonic()
        out.bytes_during_b_walk = len(fake.bytes_between(b_start, b_confirm))
        out.wrong_patient = fake.bytes_between(b_start, staff_start).count(
            PATIENT_A["name"].encode()
        )
        names, _ = receipts(fake.bytes_between(0, staff_start), printer.key)
        out.before_staff = Counter(names)
        out.a_sent_before_staff = bool(fake.bytes_between(0, b_start))  # only A's job was sent then
        queue = printer.queue()
        out.listed_waiting = queue.waiting
        out.staff_saw = f"Printer: {queue.printer_label}. waiting {queue.waiting}, " + (
            f"uncertain {queue.uncertain}"
        )
        if queue.waiting:
            out.staff_actions += 1
            printer.print_waiting()
        for job in printer.queue().jobs:
            if job.state == "uncertain":
                out.staff_actions += 1
                printer.reprint_job(job.job_id)
        queue = printer.queue()
        out.left_for_staff = (
            f"Waiting to print: {queue.waiting}. May be half printed: {queue.uncertain}."
        )
        time.sleep(0.2)
        names, out.partial = receipts(fake.bytes_between(0), printer.key)
        out.printed = Counter(names)
        printer.service.close()
        return out
    finally:
        fake.stop()
