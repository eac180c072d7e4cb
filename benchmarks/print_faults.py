"""The whole print fault matrix, through the kiosk's screens, and the kiosk killed mid-print.

Run: python benchmarks/print_faults.py [--without-screens] [--no-write]

Each fault: patient A walks the kiosk and confirms into the fault; the fault clears; patient B
walks the whole kiosk and confirms; staff open the staff screen and print or reprint what is
held. What reached the paper is read back from the fake printer's bytes (QR decoded with
zxing-cpp and verified). Then the kiosk is killed (SIGKILL, a child process) at each point
from Confirm to printed, restarted, and staff act. Prints a table and writes it to
docs/reliability.md. Exit 1 if any duplicate, wrong-patient print or lost receipt was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_printer import PtyPrinter, TcpPrinter, printer_config  # noqa: E402
from print_matrix import (  # noqa: E402
    PATIENT_A,
    PATIENT_B,
    SCENARIOS,
    WRITE_TIMEOUT_S,
    check,
    config_file,
    receipts,
    run_scenario,
    run_without_screens,
)
from test_print_crash import JOB, KIOSK  # noqa: E402

from kiosk.core.answers import from_json  # noqa: E402
from kiosk.core.summary import build_summary  # noqa: E402
from kiosk.printer.service import PrintService  # noqa: E402
from kiosk.printer.spooled import SpooledReceiptPrinter  # noqa: E402
from kiosk.settings.load import load_site  # noqa: E402

KILL_POINTS = [
    ("spooled", "after the spool commit, before the printer is asked"),
    ("sending", "after `sending` is committed, before the first byte"),
    ("write", "mid-write (the printer stalled part-way)"),
    ("sent", "after the last byte, before the printer's answer"),
]


def patient_words(message: str) -> str:
    if "take your receipt" in message:
        return "take your receipt to the desk"
    if "may not have printed in full" in message:
        return "go to the desk: may not be complete"
    if "did not print" in message:
        return "go to the desk: did not print"
    return message[:40] or "(nothing)"


def fault_words(message: str) -> str:
    """'Last receipt: Receipt 1 is held for staff. Paper has run out. ...' -> the cause."""
    for lead in ("is held for staff. ", "may be half printed. ", "Printed. "):
        if lead in message:
            return message.split(lead, 1)[1].split(". ")[0].split(" (")[0].rstrip(".")
    return message or "-"


def staff_words(saw: str) -> str:
    """'Printer: paper out. ... | Waiting to print: 1. May be half printed: 0. ...' shortened."""
    state = saw.split(".")[0].removeprefix("Printer: ")
    counts = saw.split("|")[-1]
    waiting = counts.split("Waiting to print: ")[-1].split(".")[0]
    uncertain = counts.split("May be half printed: ")[-1].split(".")[0]
    if "waiting" in saw and "|" not in saw:  # the without-screens form
        waiting = saw.split("waiting ")[-1].split(",")[0]
        uncertain = saw.split("uncertain ")[-1]
    return f"{state}; {waiting} waiting, {uncertain} may be half printed"


async def fault_rows(screens: bool) -> list[list[str]]:
    rows = []
    for scenario in SCENARIOS:
        with tempfile.TemporaryDirectory(prefix="print-faults-") as tmp:
            started = time.monotonic()
            if screens:
                out = await run_scenario(scenario, Path(tmp))
            else:
                out = run_without_screens(scenario, Path(tmp))
            seconds = time.monotonic() - started
        problems = check(out)
        a, b = PATIENT_A["name"], PATIENT_B["name"]
        rows.append(
            [
                f"{scenario.name} ({scenario.kind})",
                patient_words(out.patient_saw),
                f"{fault_words(out.staff_saw_at_fault)}; later: {staff_words(out.staff_saw)}",
                f"{out.printed[a]} + {out.printed[b]}",
                str(out.staff_actions),
                str(out.duplicates),
                str(out.wrong_patient + (1 if out.bytes_during_b_walk else 0)),
                str(out.lost),
                "; ".join(problems) or "ok",
            ]
        )
        print(f"  {rows[-1][0]}: {rows[-1][-1]} ({seconds:.0f} s)", file=sys.stderr, flush=True)
    return rows


def kill_rows() -> list[list[str]]:
    rows = []
    for point, words in KILL_POINTS:
        with tempfile.TemporaryDirectory(prefix="print-kill-") as tmp:
            rows.append(_kill(point, words, Path(tmp)))
        print(f"  kill {point}: {rows[-1][-1]}", file=sys.stderr, flush=True)
    return rows


def _kill(point: str, words: str, tmp: Path) -> list[str]:
    spool_path = tmp / "spool.sqlite3"
    data = JOB + (b"z" * 500_000 if point == "write" else b"")
    (tmp / "job.bin").write_bytes(data)
    fake = (PtyPrinter if point == "write" else TcpPrinter)().start()
    try:
        if point == "write":
            fake.stall_after = 1000
        process = subprocess.Popen(
            [sys.executable, "-c", KIOSK, fake.url, str(spool_path), point, str(tmp / "job.bin")],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        try:
            assert process.stdout.readline() == f"{point} 1\n"
            deadline = time.monotonic() + 10
            want = {"sent": len(data), "write": 1000}.get(point, 0)
            while len(fake.received) < want and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            process.kill()
            process.wait(timeout=10)
            process.stdout.close()
        fake.reading = True
        time.sleep(0.2)
        before = bytes(fake.received)
        service = PrintService(printer_config(tmp, fake.url, spool_path=spool_path))
        try:
            state = service.spool.get(1).state
            service.check_status()  # the printer is ready again: nothing must print by itself
            time.sleep(0.3)
            auto = len(fake.received) - len(before)
            if state == "waiting":
                service.print_waiting()  # staff: "Print waiting receipts"
            else:
                service.reprint(1)  # staff destroy any half, then "Reprint 1"
            time.sleep(0.3)
            staff_copies = fake.jobs_bytes[len(before) :].count(data)
            held_left = len(service.held())
        finally:
            service.close()
    finally:
        fake.stop()
    lost = int(before.count(data) + staff_copies == 0)
    ok = auto == 0 and staff_copies == 1 and held_left == 0 and not lost
    return [
        f"SIGKILL {words}",
        state,
        f"{len(before)} bytes",
        f"{auto} bytes",
        str(staff_copies),
        str(lost),
        "ok" if ok else "PROBLEM",
    ]


def soak(patients: int, seed: int) -> list[str]:
    """`patients` check-ins in a row through the kiosk's printer (no screens), each into a
    random fault (or none), the fault cleared after; staff clear what is held when that
    patient comes to the desk. Every piece of paper is timed: a receipt may arrive only while
    its own patient confirms or when staff print it."""
    rng = random.Random(seed)
    faults = [s for s in SCENARIOS if s.kind == "tcp"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    with tempfile.TemporaryDirectory(prefix="print-soak-") as tmp:
        fake = TcpPrinter().start()
        try:
            site = load_site(config_file(Path(tmp), fake.url))
            printer = SpooledReceiptPrinter(site.config)
            windows: list[tuple[float, float, str | None]] = []  # (start, end, whose; None=staff)
            names, sent_to_desk = [], 0
            for number in range(patients):
                name = "Pat " + letters[number // 26 % 26] + letters[number % 26]
                names.append(name)
                now = datetime.now().astimezone()
                answers = from_json(site.form, PATIENT_B | {"name": name}, now.date(), "soak")
                summary = build_summary(site.form, answers, now)
                scenario = rng.choice(faults) if rng.random() < 0.5 else SCENARIOS[0]
                scenario.fault(fake)
                start = time.monotonic()
                outcome = printer.print_summary(summary, site.form)
                time.sleep(WRITE_TIMEOUT_S * 2)  # a stalled printer that resumes finishes its part
                windows.append((start, time.monotonic(), name))
                scenario.back(fake)
                printer.status()  # the idle kiosk's check, as the next patient walks up
                if not outcome.printed:
                    sent_to_desk += 1
                    start = time.monotonic()  # staff at the desk, the patient with them
                    for job in printer.queue().jobs:
                        if job.state == "waiting":
                            printer.print_waiting()
                        else:
                            printer.reprint_job(job.job_id)
                    time.sleep(0.3)
                    windows.append((start, time.monotonic(), None))
            printer.service.close()
            time.sleep(0.2)
            copies: dict[str, list[bool]] = {n: [] for n in names}  # True: a staff copy
            misplaced = 0
            for at, piece in _jobs_with_times(fake):
                found, _ = receipts(piece, printer.key)
                owners = [whose for start, end, whose in windows if start <= at <= end]
                for who in found:
                    staff = None in owners
                    copies.setdefault(who, []).append(staff)
                    if not staff and who not in owners:  # not its patient's time, nor staff's
                        misplaced += 1
        finally:
            fake.stop()
    duplicates = sum(max(0, c.count(False) - 1) for c in copies.values())
    lost = sum(not c for c in copies.values())
    return [
        f"{patients} patients, random faults (seed {seed})",
        f"{sent_to_desk} sent to the desk",
        str(sum(len(c) for c in copies.values())),
        str(sum(c.count(True) for c in copies.values())),
        str(duplicates),
        str(misplaced),
        str(lost),
        "ok" if not (duplicates or misplaced or lost) else "PROBLEM",
    ]


def _jobs_with_times(fake) -> list[tuple[float, bytes]]:
    """Each job (from one ESC @ to the next) with the time its first byte arrived."""
    data, starts, offset = b"", [], 0
    for at, piece in fake.arrivals:
        starts.append((offset, at))
        data += piece
        offset += len(piece)
    jobs = []
    positions = [i for i in range(len(data)) if data.startswith(b"\x1b@", i)]
    for index, position in enumerate(positions):
        end = positions[index + 1] if index + 1 < len(positions) else len(data)
        at = max(t for o, t in starts if o <= position)
        jobs.append((at, data[position:end]))
    return jobs


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-screens", action="store_true", help="faster: no UI walks")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/reliability.md")
    parser.add_argument("--patients", type=int, default=100, help="patients in the soak run")
    args = parser.parse_args()
    started = time.monotonic()
    print("fault matrix:", file=sys.stderr)
    faults = asyncio.run(fault_rows(not args.without_screens))
    print("kill matrix:", file=sys.stderr)
    kills = kill_rows()
    print("soak:", file=sys.stderr)
    soaks = [soak(args.patients, seed=1)]
    print(f"  {soaks[0]}", file=sys.stderr)
    seconds = time.monotonic() - started
    fault_table = table(
        ["fault", "patient A saw", "staff saw", "receipts printed (A + B)", "staff actions",
         "duplicates", "wrong-patient prints", "lost", "result"],
        faults,
    )  # fmt: skip
    kill_table = table(
        ["kill point", "job after restart", "sent before the kill", "sent by itself after",
         "staff copies", "lost", "result"],
        kills,
    )  # fmt: skip
    soak_table = table(
        ["run", "patients sent to the desk", "receipts printed", "by staff", "duplicates",
         "printed outside its patient's time", "lost", "result"],
        soaks,
    )  # fmt: skip
    failures = sum(row[-1] != "ok" for row in faults + kills + soaks)
    how = "the kiosk's printer only (no screens)" if args.without_screens else "the screens"
    report = f"""# Print reliability

Generated by `python benchmarks/print_faults.py` on {datetime.now():%Y-%m-%d %H:%M}
({platform.python_implementation()} {platform.python_version()}, {seconds:.0f} s); do not edit
by hand. Each fault: patient A confirms into it through {how}; the fault clears; patient B
walks and confirms; staff print or reprint what the staff screen lists. Counts come from the
bytes the fake printer received, each receipt's QR decoded with zxing-cpp and verified.
"Duplicates" counts copies beyond the first that came without a staff action;
"wrong-patient prints" counts any of A's receipt reaching the printer while B was at the
kiosk; "lost" counts confirmed receipts that never printed whole, even after staff acted.
A staff reprint of a receipt that may be half printed comes after staff destroy the half.

{fault_table}

The kiosk killed with SIGKILL (a child process) between Confirm and printed, then restarted:

{kill_table}

Many patients in a row through the kiosk's printer, each into a random fault from the table
above (or none); staff print or reprint at the desk whenever a patient is sent there:

{soak_table}

{failures} scenario(s) broke a promise.
"""
    print(report)
    if not args.no_write:
        (ROOT / "docs" / "reliability.md").write_text(report)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
