"""Monkey test: random taps and keys, with a fixed seed, must never crash or unlock the kiosk.

Each step does one random thing a patient (or a curious child) could do: tap a visible, enabled
widget, tap anywhere on the screen, press a key (escape keys and the staff key among them), type
a wrong staff PIN, tap the site name quickly, or walk away long enough for the idle warning (the
timeouts are shortened for that step only). Now and then a "helpful" step types a plausible
name or date of birth, so the walk gets past the first questions to review and done.

After every step: no unexpected error, the app still runs, the page id is known, the screen
stack is shallow, no staff screen (the right PIN is never completed), and the answers belong to
questions of the form that the patient can see. A failure names the seed, the step and the last
actions; rerun that seed alone to reproduce it (timer-driven steps may differ slightly).

The tests at the end replay, deterministically, the two crashes the monkey found (both failed
before the kiosk was mended: a modal closing the wrong screen, and a second idle warning).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import traceback
from collections import Counter

import pytest
from key_taps import key_grid_with
from test_app_walk import kiosk
from textual.geometry import Offset
from textual.pilot import OutOfBounds
from textual.widget import Widget
from textual.widgets import Button, Input

from kiosk.patient.screens.date_entry import DateEntryScreen, DatePart
from kiosk.patient.screens.idle_warning import IdleWarning
from kiosk.patient.screens.staff import StaffScreen
from kiosk.patient.screens.staff_pin import StaffPin
from kiosk.patient.screens.text_entry import TextEntryScreen
from kiosk.patient.screens.welcome import SiteName
from kiosk.patient.widgets.key_grid import KeyGrid
from kiosk.settings.config import check_pin

STEPS = 55  # per seed: about 11 s a seed on a 2-core machine; the file takes about 55 s
STEP_TIMEOUT_S = 15.0  # one step that takes longer than this is a hang
RUN_TIMEOUT_S = 180.0  # the whole run, closing the app included
HISTORY = 10  # actions shown in a failure message
MAX_STACK = 4  # default screen, page, idle warning or PIN pad, and one more modal at most
SCREEN_PAGES = {"welcome", "review", "done", "staff"}

LETTERS = list("abcdefghijklmnopqrstuvwxyz")
DIGITS = list("0123456789")
NAV_KEYS = ["space", "enter", "tab", "shift+tab", "up", "down", "left", "right", "backspace"]
ESCAPE_KEYS = ["escape", "ctrl+c", "ctrl+q", "ctrl+p", "ctrl+z", "f1", "f5", "f10"]
STAFF_KEY = "f12"

# (action, weight). Taps and keys dominate; the slow idle step is rare.
ACTIONS = [
    ("tap", 46),
    ("key", 34),
    ("tap_anywhere", 5),
    ("help", 12),
    ("wrong_pin", 2),
    ("site_name_taps", 1),
    ("idle", 3),
]


class Monkey:
    def __init__(self, pilot, seed: int) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.rng = random.Random(seed)
        self.seed = seed
        self.history: list[str] = []
        self.streak = 0  # helpful steps still to come
        self.doing = ""  # the action under way, for a report on a step that hangs or raises
        self.tracebacks: list[str] = []  # of the app's unexpected errors, for the report
        self.pages = Counter()
        form = self.app.site.form
        self.page_ids = {page.id for page in form.pages} | SCREEN_PAGES
        self.question_ids = {question.id for question in form.questions}
        self.idle_timeout_s = self.app.idle_timeout_s
        self.idle_warning_s = self.app.idle_warning_s

    # --- what a patient can tap ----------------------------------------------------------------

    def tappable(self) -> list[tuple[Widget, tuple[int, int]]]:
        """Visible, enabled widgets a patient could tap, each with a random point inside it."""
        screen = self.app.screen
        found = []
        for widget in screen.query("*"):
            if not isinstance(widget, Button | Input | SiteName | KeyGrid) and not widget.can_focus:
                continue
            if widget.is_disabled or not widget.display or not widget.visible:
                continue
            region = widget.region
            try:
                clip = screen.find_widget(widget).clip
            except Exception:  # not on screen (scrolled away, just removed)
                continue
            shown = region.intersection(clip).intersection(screen.region)
            if not shown.width or not shown.height:
                continue
            x = self.rng.randrange(shown.x, shown.right)
            y = self.rng.randrange(shown.y, shown.bottom)
            found.append((widget, (x - region.x, y - region.y)))
        return found

    @staticmethod
    def name_of(widget: Widget) -> str:
        return f"#{widget.id}" if widget.id else type(widget).__name__

    # --- the staff PIN must never be completed ---------------------------------------------------

    def pin_field(self) -> Input | None:
        if isinstance(self.app.screen, StaffPin):
            fields = self.app.screen.query("#staff-pin").results(Input)
            return next(iter(fields), None)
        return None

    def pin_is_right(self, pin: str) -> bool:
        return bool(pin) and check_pin(pin, self.app.config.staff.pin_hash)

    async def spoil_a_right_pin(self) -> None:
        """If the PIN field holds the right PIN, delete a digit (a tap on the keypad's Delete)
        before anything could submit it; this monkey types wrong PINs only."""
        field = self.pin_field()
        if field is None or not self.pin_is_right(field.value):
            return
        self.history.append("(guard: delete a digit of the right PIN)")
        with contextlib.suppress(OutOfBounds, KeyError):
            await self._tap_key("backspace")
        field = self.pin_field()
        if field is not None and self.pin_is_right(field.value):
            field.value = ""  # the keypad could not be tapped: clear it directly

    # --- the actions ---------------------------------------------------------------------------

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.spoil_a_right_pin()
            await self.pilot.press(key)
        await self.pilot.pause()

    async def tap(self) -> str:
        targets = self.tappable()
        if not targets:
            return await self.key()
        widget, offset = self.rng.choice(targets)
        return await self._tap_widget(widget, offset)

    async def _tap_widget(self, widget: Widget, offset: tuple[int, int]) -> str:
        name = self.name_of(widget)
        key = widget.key_at(Offset(*offset)) if isinstance(widget, KeyGrid) else None
        if key is not None:
            name += f" key {key}"
        field = self.pin_field()
        if field is not None and key == "done":
            # submitting: make sure what is submitted is wrong
            await self.spoil_a_right_pin()
        try:
            await self.pilot.click(widget, offset=offset)
        except OutOfBounds:
            return f"tap {name} {offset} (out of bounds)"
        return f"tap {name} {offset}"  # pilot.click pauses after the click

    async def tap_anywhere(self) -> str:
        width, height = self.app.screen.size
        x, y = self.rng.randrange(width), self.rng.randrange(height)
        await self.spoil_a_right_pin()
        try:
            await self.pilot.click(offset=(x, y))
        except OutOfBounds:
            return f"tap at ({x}, {y}) (out of bounds)"
        return f"tap at ({x}, {y})"

    async def key(self) -> str:
        group = self.rng.choices(
            [LETTERS, DIGITS, NAV_KEYS, ESCAPE_KEYS, [STAFF_KEY]], weights=[8, 6, 8, 4, 1]
        )[0]
        key = self.rng.choice(group)
        await self.press(key)
        return f"key {key}"

    async def help(self) -> str:
        """What a patient who knows the answers does: a forward move on the page shown."""
        screen = self.app.screen
        if isinstance(screen, TextEntryScreen):
            await self._tap_selector("#key-clear")
            await self._tap_selector("Input")  # the focus may be elsewhere
            words = [
                "".join(self.rng.choice(LETTERS) for _ in range(self.rng.randint(2, 8)))
                for _ in range(self.rng.randint(1, 2))
            ]
            text = " ".join(words)
            await self.press(*[("space" if c == " " else c) for c in text], "enter")
            return f"help: clear, type {text!r} + enter"
        if isinstance(screen, DateEntryScreen):
            # Empty each box that has digits (tap it, End, Backspace per digit), then type.
            for box in reversed(screen.query(DatePart)):
                if box.value:
                    await self._tap_widget(box, (1, 1))
                    await self.press("end", *["backspace"] * len(box.value))
            await self._tap_selector("DatePart")  # the day box
            digits = (
                f"{self.rng.randint(1, 28):02d}{self.rng.randint(1, 12):02d}"
                f"{self.rng.randint(1915, 2008)}"
            )
            await self.press(*digits, "enter")
            return f"help: empty the boxes, type date {digits} + enter"
        answers = [(w, (1, 1)) for w in screen.query(".choice") if w.region.width]
        for scale in screen.query("PainScale").results(KeyGrid):
            answers += [(scale, scale.key_offset(key)) for key in scale.key_regions()]
        if answers:
            answer, offset = self.rng.choice(answers)
            await self._tap_widget(answer, offset)
            if self.app.screen is screen:
                await self._tap_selector("#next")
            return f"help: tap {self.name_of(answer)} then #next"
        for selector in ("#next", "#confirm", "#still-here", "#start", "#finish", "#pin-cancel"):
            if screen.query(selector):
                return "help: " + await self._tap_selector(selector)
        return await self.key()

    async def _tap_selector(self, selector: str) -> str:
        """Tap the first widget `selector` finds on the screen shown now, if there is one."""
        widgets = self.app.screen.query(selector)
        if not widgets:
            return f"tap {selector} (not there)"
        widget = widgets.first()
        if not widget.region.width or not widget.region.height:
            return f"tap {selector} (not shown)"
        return await self._tap_widget(widget, (1, 1))

    async def _tap_key(self, key: str) -> str:
        """Tap a key of the keyboard, keypad or pain scale shown now, if one has it."""
        try:
            grid = key_grid_with(self.app, key)
        except KeyError:
            return f"tap key {key} (not there)"
        return await self._tap_widget(grid, tuple(grid.key_offset(key)))

    async def wrong_pin(self) -> str:
        await self.press(STAFF_KEY)
        field = self.pin_field()
        if field is None:
            return f"wrong pin: {STAFF_KEY} (no PIN pad)"
        while True:
            pin = "".join(self.rng.choice(DIGITS) for _ in range(self.rng.randint(1, 6)))
            if not self.pin_is_right((field.value + pin)[: field.max_length]):
                break
        if self.rng.random() < 0.5:
            await self.press(*pin, "enter")
            return f"wrong pin: {STAFF_KEY} keys {pin} enter"
        for digit in pin:  # the PIN pad may be wiped away meanwhile (an idle countdown)
            await self._tap_key(digit)
        await self._tap_key("done")
        return f"wrong pin: {STAFF_KEY} taps {pin} done"

    async def site_name_taps(self) -> str:
        screen = self.app.screen
        if not screen.query("#site-name"):
            return await self.tap()
        for _ in range(5):
            await self._tap_selector("#site-name")
        return "tap #site-name x5"

    async def idle(self) -> str:
        """Walk away: the warning comes after `timeout`, the wipe `warning` later; come back
        after `wait`, which may land before, during or after either."""
        timeout = self.rng.choice([0.2, 0.4])
        warning = self.rng.choice([0.3, 0.8, 5.0])
        wait = self.rng.choice([0.3, 0.6, 1.0])
        self.app.idle_timeout_s, self.app.idle_warning_s = timeout, warning
        try:
            await self.pilot.pause(wait)
            await self.pilot.pause()
        finally:
            self.app.idle_timeout_s = self.idle_timeout_s
            self.app.idle_warning_s = self.idle_warning_s
        return f"idle {wait}s (timeout {timeout}s, warning {warning}s)"

    async def step(self) -> str:
        """One action; a helpful one may start a short streak of them (a patient getting on)."""
        if self.streak:
            self.streak -= 1
            self.doing = "help (streak)"
            return await self.help()
        names, weights = zip(*ACTIONS, strict=True)
        action = self.rng.choices(names, weights=weights)[0]
        if action == "help":
            self.streak = self.rng.randint(0, 5)
        self.doing = action
        return await getattr(self, action)()

    def where(self) -> str:
        """The page id, and the modal screen over it if there is one."""
        if not self.app.screen_stack:
            return f"{self.app.current_page_id} (no screen at all)"
        top = self.app.screen
        modal = f" under {type(top).__name__}" if isinstance(top, IdleWarning | StaffPin) else ""
        return f"{self.app.current_page_id}{modal}"

    # --- what must always hold -----------------------------------------------------------------

    def problems(self) -> list[str]:
        app = self.app
        found = []
        if app.unexpected_errors:
            found.append(f"unexpected errors {app.unexpected_errors}")
        if not app.is_running or app.return_code is not None:
            found.append(f"the app stopped (return code {app.return_code})")
        if app.current_page_id not in self.page_ids:
            found.append(f"unknown page id {app.current_page_id!r}")
        if len(app.screen_stack) > MAX_STACK:
            stack = [type(s).__name__ for s in app.screen_stack]
            found.append(f"screen stack {len(stack)} deep: {stack}")
        if isinstance(app.screen, StaffScreen) or app.current_page_id == "staff":
            found.append("staff mode reached without the right PIN")
        answered = set(app.session.answers)
        if not answered <= self.question_ids:
            found.append(f"answers to unknown questions {answered - self.question_ids}")
        visible = {page.id for page in app.session.visible_pages()}
        if not answered <= visible:
            found.append(f"answers to hidden questions {answered - visible}")
        errored = [w.name for w in app.workers if w.state.name == "ERROR"]
        if errored:
            found.append(f"workers failed: {errored}")
        return found

    def report(self, step: int, what: str) -> str:
        last = "\n".join(f"  {line}" for line in self.history[-HISTORY:])
        stack = [type(s).__name__ for s in self.app.screen_stack]
        caught = "".join(f"\nunexpected error in the app:\n{tb}" for tb in self.tracebacks)
        return (
            f"seed {self.seed}, step {step} ({self.doing}): {what}\n"
            f"page {self.app.current_page_id!r}, screens {stack}\n"
            f"last actions (oldest first):\n{last}{caught}"
        )


def catch_tracebacks(app) -> list[str]:
    """Keep the traceback of each unexpected error for the failure message (the app itself
    logs only the exception's type name); the app's own handling still runs."""
    tracebacks: list[str] = []
    handle = app._handle_exception

    def keep_and_handle(error: Exception) -> None:
        tracebacks.append("".join(traceback.format_exception(error)))
        handle(error)

    app._handle_exception = keep_and_handle
    return tracebacks


# Seeds that, within STEPS, reach review and done (6 also the "Other" blood thinner page).
# Seed 2 at 80x24 is the one that first hit the wipe race tested at the end of this file.
SEEDS = [
    pytest.param(2, (80, 24), id="seed2-80x24"),
    pytest.param(3, (80, 24), id="seed3-80x24"),
    pytest.param(4, (80, 24), id="seed4-80x24"),
    pytest.param(6, (120, 40), id="seed6-120x40"),
]


async def run_monkey(seed: int, size: tuple[int, int], steps: int = STEPS) -> Monkey:
    """Run `steps` random steps on a fresh kiosk; fail (pytest.fail) with a report at the first
    broken rule. Returns the monkey, whose `pages` counts the pages seen after each step."""
    app = kiosk()
    tracebacks = catch_tracebacks(app)
    async with asyncio.timeout(RUN_TIMEOUT_S), app.run_test(size=size) as pilot:
        await pilot.pause()
        monkey = Monkey(pilot, seed)
        monkey.tracebacks = tracebacks
        # Half the seeds keep the kiosk's own auto-advance after an answer (short, to race it).
        app.auto_advance_s = monkey.rng.choice([None, 0.1])
        monkey.history.append(f"(auto_advance_s = {app.auto_advance_s})")
        for step in range(1, steps + 1):
            try:
                action = await asyncio.wait_for(monkey.step(), STEP_TIMEOUT_S)
            except TimeoutError:
                pytest.fail(monkey.report(step, f"the step hung for {STEP_TIMEOUT_S} s"))
            except Exception:
                pytest.fail(monkey.report(step, "the step raised:\n" + traceback.format_exc()))
            monkey.history.append(f"{step}: {action} -> {monkey.where()}")
            monkey.pages[app.current_page_id] += 1
            problems = monkey.problems()
            if problems:
                pytest.fail(monkey.report(step, "; ".join(problems)))
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = monkey.problems()
        answered = set(app.session.answers)
        if not answered <= monkey.question_ids:
            problems.append(f"answers to unknown questions {answered - monkey.question_ids}")
        if problems:
            pytest.fail(monkey.report(steps, "after the last step: " + "; ".join(problems)))
    return monkey


@pytest.mark.parametrize(("seed", "size"), SEEDS)
async def test_random_taps_and_keys_never_crash_or_leave_patient_mode(seed, size):
    monkey = await run_monkey(seed, size)
    print(f"seed {seed} {size}: pages {dict(monkey.pages)}")


# --- found by the monkey (seed 2, 80x24): a modal's button and a wipe in the same moment -------
#
# The monkey hit this by chance (a tap on "Yes, I am still here" as the countdown ran out), so
# the seed alone reproduces it only now and then. These tests make the same moment happen every
# time: the button's press and the wipe that the countdown (`IdleWarning._tick`), the done
# screen's timer or an error handler asks for arrive together. The wipe pops the modal; the
# modal's handler then dismisses itself, and `dismiss` pops whatever screen is on top by then.


async def show_idle_warning(pilot, timeout_s: float = 0.2, warning_s: float = 30.0) -> None:
    """Wait for "Are you still there?"; then the timeout is long again, so no second one."""
    app = pilot.app
    app.idle_timeout_s, app.idle_warning_s = timeout_s, warning_s
    deadline = asyncio.get_running_loop().time() + 10
    while not (isinstance(app.screen, IdleWarning) and app.screen.query("#still-here")):
        assert asyncio.get_running_loop().time() < deadline, "no idle warning"
        await pilot.pause(0.05)
    app.idle_timeout_s = 90.0


async def show_pin_pad(pilot) -> None:
    await pilot.press(STAFF_KEY)
    await pilot.pause()
    assert isinstance(pilot.app.screen, StaffPin)


@pytest.mark.parametrize(
    ("show_modal", "button"),
    [(show_idle_warning, "#still-here"), (show_pin_pad, "#pin-cancel")],
    ids=["still-here", "pin-cancel"],
)
async def test_a_modal_button_pressed_as_the_kiosk_wipes_leaves_a_working_welcome(
    show_modal, button
):
    app = kiosk()
    tracebacks = catch_tracebacks(app)
    async with asyncio.timeout(RUN_TIMEOUT_S), app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.click("#next")
        await show_modal(pilot)
        app.screen.query_one(button, Button).press()  # the patient's tap...
        app.wipe_later()  # ...in the same moment as the countdown reaching zero
        await asyncio.sleep(0.5)  # no pilot.pause(): it waits for a screen, and may hang
        stack = [type(screen).__name__ for screen in app.screen_stack]
        caught = "".join(tracebacks)
        assert app.unexpected_errors == [], f"screens {stack}\n{caught}"
        assert stack == ["Screen", "WelcomeScreen"] and app.current_page_id == "welcome"
        await pilot.click("#start")
        assert app.current_page_id == "about"


# --- found by a longer monkey run (seed 12, 80x24, step 69 of 150) -----------------------------
#
# The PIN pad opens over "Are you still there?", and `_idle_tick` looks only at the top screen:
# with no touch for another `idle_timeout_s` it pushes a second warning with the same id. That
# raises DuplicateIds in the app's own timer, and the app exits with return code 1. The default
# timings (90 s, then a 30 s countdown) wipe first; any valid setting with a countdown longer
# than the timeout (e.g. idle_timeout_s = 10, idle_warning_s = 30) does not. Shown here at a
# tenth of that.


async def test_the_pin_pad_over_the_idle_warning_never_stops_the_kiosk():
    app = kiosk()
    tracebacks = catch_tracebacks(app)
    async with asyncio.timeout(RUN_TIMEOUT_S), app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.click("#next")
        await show_idle_warning(pilot, timeout_s=1.0, warning_s=3.0)
        app.idle_timeout_s = 1.0  # as configured
        await pilot.press(STAFF_KEY)  # the PIN pad, over the warning
        await pilot.pause()
        assert isinstance(app.screen, StaffPin)
        await asyncio.sleep(1.5)  # no touch for longer than the timeout, within the countdown
        stack = [type(screen).__name__ for screen in app.screen_stack]
        caught = "".join(tracebacks)
        assert app.unexpected_errors == [], f"screens {stack}\n{caught}"
        assert app.is_running and app.return_code is None
