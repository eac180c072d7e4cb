"""Privacy between patients, searched the thorough way: every string the app can still reach.

The other residue tests read the screens and widgets. These follow every reference from the app
object itself (screens, timers, workers, printer, session, caches it owns) after the kiosk has
printed with its real printer and returned to welcome, and look for the patient's name.
"""

from __future__ import annotations

import asyncio
import gc
import types

from station_helpers import make_site
from test_app_staff import open_staff_screen
from test_app_walk import ALL_NO, NOW, confirm, settle, tap, walk

from kiosk.core.summary import Summary
from kiosk.patient.app import make_app

SURNAME = ALL_NO["name"].split()[-1]
# Shared by every app in the process, not held for a patient: classes, modules, functions
# (their globals are the whole program) and code.
NOT_FOLLOWED = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType,
                types.CodeType)  # fmt: skip


def strings_reachable_from(root) -> list[str]:
    seen, strings, todo = set(), [], [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            strings.append(obj)
        elif isinstance(obj, asyncio.TimerHandle) and obj.cancelled():
            # asyncio keeps a cancelled timer in its queue until its time comes, with the context
            # it was made in (which names the screen active then). The Pilot's own 30 s waits
            # are such timers; nothing runs from them.
            continue
        elif not isinstance(obj, NOT_FOLLOWED):
            todo.extend(gc.get_referents(obj))
    return strings


def real_printer_kiosk(tmp_path):
    """The kiosk as `kiosk run` makes it: its own printer (a folder) and spool, no test double."""
    app = make_app(make_site(tmp_path), clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0  # tap at once (test_app_flow.py tests the settle time)
    return app


def names_left(app) -> list[str]:
    gc.collect()
    return [text for text in strings_reachable_from(app) if SURNAME in text]


async def test_after_finish_nothing_the_app_can_reach_names_the_last_patient(tmp_path):
    app = real_printer_kiosk(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        assert names_left(app)  # the search finds the name while the patient is here
        await confirm(pilot)
        await settle(pilot)
        assert app.last_print_problem == ""  # printed, through the real printer
        await tap(pilot, "#finish")
        await settle(pilot)
        assert app.current_page_id == "welcome"
        assert names_left(app) == []


async def test_after_a_staff_reset_mid_form_nothing_the_app_can_reach_names_the_patient(tmp_path):
    app = real_printer_kiosk(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await open_staff_screen(pilot)
        await tap(pilot, "#staff-reset")
        await tap(pilot, "#confirm-yes")
        await settle(pilot)
        assert app.current_page_id == "welcome"
        assert names_left(app) == []


async def test_the_printed_summary_is_not_kept_alive_by_the_printing_thread(tmp_path):
    """Not only what the app reaches: a thread worker of Textual leaves itself (and the arguments
    it was given) in its pool thread's context until that thread runs again. The summary must not
    be among them."""

    def live_summaries() -> int:
        gc.collect()
        return sum(isinstance(obj, Summary) for obj in gc.get_objects())

    app = real_printer_kiosk(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        before = live_summaries()
        await confirm(pilot)
        await settle(pilot)
        assert app.last_print_problem == ""
        await tap(pilot, "#finish")
        await settle(pilot)
        assert live_summaries() == before
