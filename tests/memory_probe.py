"""Run in a child process by tests/test_memory_wipe.py: a patient types a unique name on the
on-screen keyboard, the kiosk is finished (and, for a second patient, reset by the idle timer),
and this process then searches its own memory for the name.

The name never exists here as one string or bytes object: it arrives XOR-ed on argv, is typed a
letter at a time, and the search patterns are built byte by byte in an mmap that the search
skips. Prints one JSON line: copies found after Finish and after the idle reset.

Usage: python tests/memory_probe.py HEX_XORED_NAME FOLDER [--quick | --spool]
(--quick: Finish only; --spool: the spool alone, a receipt stored, printed and forgotten)
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import mmap
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from station_helpers import make_site  # noqa: E402
from test_app_walk import NOW, confirm, settle, tap, type_on_keyboard, wait_until  # noqa: E402

from kiosk.patient.app import make_app  # noqa: E402

XOR = 0x5A
CHUNK = 1 << 20
ANSWERS = {"pain_relief_6h": "no", "blood_thinners": ["none"], "antiplatelets": ["none"],
           "allergies": ["none"], "unwell": "no", "transport_home": "someone_driving",
           "ready_for_consent": "yes"}  # fmt: skip


class Needles:
    """The name's tail in the three ways CPython stores text (1, 2 or 4 bytes a character),
    written into an mmap of their own, never into a Python object."""

    def __init__(self, letters: list[int]) -> None:
        self.map = mmap.mmap(-1, mmap.PAGESIZE)
        self.views = []
        offset = 0
        for width in (1, 2, 4):
            start = offset
            for code in letters:
                self.map[offset] = code
                offset += width  # the other bytes of a wide character stay 0
            self.views.append((width, memoryview(self.map)[start:offset]))
        self.length = max(len(v) for _, v in self.views)


def address_of(buffer: mmap.mmap) -> int:
    return ctypes.addressof(ctypes.c_char.from_buffer(buffer))


def writable_ranges() -> list[tuple[int, int, str]]:
    ranges = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) < 2 or not parts[1].startswith("rw"):
                continue
            start, end = (int(x, 16) for x in parts[0].split("-"))
            name = parts[5] if len(parts) > 5 else "[anonymous]"
            if name in ("[vvar]", "[vsyscall]"):
                continue
            ranges.append((start, end, name))
    return ranges


def count_copies(needles: Needles, buffer: mmap.mmap) -> dict:
    """Occurrences of each needle in every writable mapping but the probe's own two."""
    own = [(address_of(needles.map), mmap.PAGESIZE), (address_of(buffer), len(buffer))]
    found: dict[str, int] = {}
    where: dict[str, int] = {}
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        for start, end, name in writable_ranges():
            if any(start <= a < end for a, _ in own):
                continue
            position = start
            while position < end:
                size = min(CHUNK, end - position)
                try:
                    got = os.preadv(fd, [memoryview(buffer)[:size]], position)
                except OSError:
                    break
                if got <= 0:
                    break
                for width, view in needles.views:
                    at = buffer.find(view, 0, got)
                    while at >= 0:
                        key = f"{width}-byte"
                        found[key] = found.get(key, 0) + 1
                        where[name] = where.get(name, 0) + 1
                        if os.environ.get("PROBE_CONTEXT"):  # for finding what holds a copy
                            before = bytes(buffer[max(0, at - 120) : at])
                            print(name, hex(position + at), before, file=sys.stderr)
                        at = buffer.find(view, at + 1, got)
                if position + got >= end:
                    break
                position += got - needles.length  # overlap, so no copy is cut in two
    finally:
        os.close(fd)
    return {"copies": sum(found.values()), "by_width": found, "by_mapping": where}


async def patient(pilot, letters: list[int]) -> None:
    """Welcome to review: the name typed on the on-screen keyboard one letter at a time."""
    app = pilot.app
    await tap(pilot, "#start")
    while app.current_page_id != "name":
        await tap(pilot, "#next")
    await tap(pilot, "#key-clear")
    for code in letters:
        await type_on_keyboard(pilot, chr(code))
    await tap(pilot, "#next")
    assert app.current_page_id == "dob", app.current_page_id
    await pilot.press(*"09031966")
    await pilot.pause()
    await tap(pilot, "#next")
    while app.current_page_id != "review":
        qid = app.current_page_id
        value = ANSWERS.get(qid)
        if qid == "pain_score":
            await pilot.press("6")
        elif isinstance(value, list):
            for option in value:
                await tap(pilot, f"#answer-{qid}-{option}")
        elif value is not None:
            await tap(pilot, f"#answer-{qid}-{value}")
        await tap(pilot, "#next")
        assert app.current_page_id != qid, f"stuck on {qid}"


def drop_the_pilots_screen_list() -> None:
    """Textual's pilot forwards each tap to the screen from this (the probe's) task, so
    Textual's context variable of the screens under the pointer is set here too, and would keep
    the last patient's screens alive. The kiosk's own driver forwards taps in the app's task,
    which the wipe clears (kiosk.patient.memory_wipe.forget_visible_screens, and
    tests/test_memory_wipe.py checks it with taps posted as the driver posts them)."""
    from textual._context import visible_screen_stack

    visible_screen_stack.set([])


class WipeSteps:
    """Counts the wipe's late steps (`forget_drawn_text`, 0.5 s and 3 s after the welcome screen)
    as the app runs them, so the search starts right after the last one."""

    def __init__(self) -> None:
        import kiosk.patient.app

        self.done = 0
        real = kiosk.patient.app.forget_drawn_text

        def counted() -> None:
            real()
            self.done += 1

        kiosk.patient.app.forget_drawn_text = counted

    async def wait_for_both(self, pilot, since: int) -> None:
        await wait_until(pilot, lambda: self.done >= since + 2, timeout=30)
        await pilot.pause()


async def main(letters: list[int], tail: list[int], folder: Path, quick: bool = False) -> dict:
    needles = Needles(tail)
    buffer = mmap.mmap(-1, CHUNK)
    steps = WipeSteps()
    app = make_app(make_site(folder), clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0  # tap at once (test_app_flow.py tests the settle time)
    result: dict = {}
    started = time.perf_counter()
    seconds = result["seconds"] = {}

    def lap(name: str) -> None:
        seconds[name] = round(time.perf_counter() - started, 1)

    async with app.run_test(size=(100, 30)) as pilot:
        await patient(pilot, letters)
        lap("first patient typed")
        result["while_typed"] = count_copies(needles, buffer)["copies"]
        lap("searched")
        await confirm(pilot)  # every answer seen, then Confirm
        await settle(pilot)
        before = steps.done
        await tap(pilot, "#finish")
        await settle(pilot)
        assert app.current_page_id == "welcome"
        drop_the_pilots_screen_list()
        await steps.wait_for_both(pilot, before)
        lap("finished and waited")
        result["after_finish"] = count_copies(needles, buffer)
        lap("searched after Finish")
        if quick:
            return result

        await patient(pilot, letters)
        lap("second patient typed")
        before = steps.done
        app.idle_timeout_s = app.review_idle_timeout_s = app.idle_warning_s = 0.3
        await wait_until(pilot, lambda: app.current_page_id == "welcome", timeout=30)
        await settle(pilot)
        drop_the_pilots_screen_list()
        await steps.wait_for_both(pilot, before)
        lap("second patient reset and waited")
        result["after_idle_reset"] = count_copies(needles, buffer)
        lap("searched after the idle reset")
    return result


def spool_only(letters: list[int], tail: list[int], folder: Path) -> dict:
    """A receipt with the name goes through the spool, is printed and forgotten: copies left.
    The fast check of the SQLite page cache alone (a second in place of the whole walk)."""
    from datetime import datetime

    from kiosk.printer.spool import Spool

    needles = Needles(tail)
    buffer = mmap.mmap(-1, CHUNK)
    spool = Spool(folder / "spool.sqlite3")
    data = bytearray(b"\x1b@Gate 18\n\x1bE\x01")
    data.extend(letters)  # the name never one str: straight into the receipt's bytes
    data.extend(b"\n" + b"-" * 48 + b"\n")
    job = spool.add(bytes(data), "receipt", datetime.now())
    del data
    spool.mark_printed(job, datetime.now())
    stored = count_copies(needles, buffer)["copies"]
    spool.forget_printed()
    result = {"while_stored": stored, "after_forget": count_copies(needles, buffer)}
    spool.close()
    return result


if __name__ == "__main__":
    raw = bytes.fromhex(sys.argv[1])
    letters = [b ^ XOR for b in raw]
    surname_start = letters.index(ord(" ")) + 1
    tail = letters[surname_start + 1 :]  # the surname after its first letter (which may be capital)
    del raw
    if "--spool" in sys.argv[3:]:
        print(json.dumps(spool_only(letters, tail, Path(sys.argv[2]))))
        sys.exit(0)
    quick = "--quick" in sys.argv[3:]
    print(json.dumps(asyncio.run(main(letters, tail, Path(sys.argv[2]), quick))))
