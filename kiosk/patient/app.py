"""The patient's kiosk app: wires the Session, screens, printer, idle timer and lockdown together.

Screens live in kiosk/patient/screens (one per file); this file only moves between them.
`kiosk run` builds `KioskApp` from the site it has already checked; tests use `make_app`.
Nothing here logs or keeps patient data beyond the Session.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.widgets import Button

from kiosk.core.messages import english
from kiosk.core.navigation import REVIEW, next_from_review
from kiosk.core.receipt_layout import Wording
from kiosk.core.session import Session
from kiosk.core.summary import build_summary
from kiosk.patient.abandoned import AbandonedLog
from kiosk.patient.font_size import font_sequence, letters_can_grow
from kiosk.patient.memory_wipe import (
    forget_drawn_text,
    forget_visible_screens,
    freeze_startup_objects,
    thaw_startup_objects,
)
from kiosk.patient.screens import screen_for
from kiosk.patient.screens.done import DoneScreen
from kiosk.patient.screens.idle_warning import IdleWarning
from kiosk.patient.screens.page import toggle_labels
from kiosk.patient.screens.review import ReviewScreen
from kiosk.patient.screens.settle import PageClock
from kiosk.patient.screens.staff import StaffScreen
from kiosk.patient.screens.staff_confirm import StaffConfirm
from kiosk.patient.screens.staff_pin import StaffPin
from kiosk.patient.screens.welcome import WelcomeScreen
from kiosk.patient.staff_lock import staff_lock_for
from kiosk.patient.textual_private import (
    bind_key,
    refresh_truecolor_filter,
    running_in_app_loop,
    terminal_driver,
)
from kiosk.printer.queue import NOT_SAVED, PrintOutcome, ReceiptPrinter, make_printer
from kiosk.settings.load import Site, load_site

log = logging.getLogger(__name__)

ASK_STAFF = english()("app.ask_staff")
# Keys that must do nothing in patient mode (the staff key among them opens the PIN pad).
LOCKED_KEYS = ["ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+s", "ctrl+backslash", "escape"] + [
    f"f{n}" for n in range(1, 25)
]
THEMES = [
    Theme(name="kiosk", primary="#005EB8", secondary="#003087", accent="#FFEB3B",
          foreground="#212B32", background="#F0F4F5", surface="#FFFFFF", panel="#D8E1E6",
          success="#007F3B", warning="#8A5A00", error="#C8102E", dark=False),
    Theme(name="kiosk-contrast", primary="#FFFF00", secondary="#FFFFFF", accent="#00FFFF",
          foreground="#FFFFFF", background="#000000", surface="#000000", panel="#000000",
          success="#00FF00", warning="#FFFF00", error="#FF6060", dark=True),
]  # fmt: skip


class KioskApp(App):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Gate 18 check-in"
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    BINDINGS = [
        Binding(key, f"locked_key('{key}')", show=False, priority=True, system=True)
        for key in LOCKED_KEYS
    ]

    def __init__(
        self,
        config_path: Path | str | None = None,
        *,
        printer: ReceiptPrinter | None = None,
        clock: Callable[[], datetime] | None = None,
        site: Site | None = None,
    ) -> None:
        super().__init__()
        self.site = site or load_site(config_path)
        self.config = self.site.config
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.printer = printer or make_printer(self.config)
        self.language = self.site.form.language  # the patient's; the welcome screen may change it
        self.words = self.site.words_in(self.language)  # what the screens say
        self.session = Session(self.site.form, self.clock().date(), self.words)
        self.current_page_id = "welcome"
        self.returning_to_review = False
        self.visited: set[str] = set()  # page ids shown to this patient (ids only, no answers)
        # Timings live on the app so tests (and the benchmark) can shorten them.
        self.idle_timeout_s: float = self.config.session.idle_timeout_s
        self.idle_warning_s: float = self.config.session.idle_warning_s
        self.review_idle_timeout_s: float = self.config.session.review_idle_timeout_s
        self.abandoned = AbandonedLog()  # times and page numbers only: no answers
        self.done_return_s: float = self.config.session.done_return_s
        # No answer moves on by itself: a tap on Next just after an answer that had moved on
        # landed on the next page's button and skipped it (issue 11). Tests may still set this.
        self.auto_advance_s: float | None = None
        # Taps and Enter within a settle time of a page change do nothing: a fast double tap
        # on 'I have read this' skipped the next leaflet page. Tests may set settle_s to 0.
        self.page_clock = PageClock()
        self.large_text = self.config.display.large_text
        self.high_contrast = self.config.display.high_contrast
        self.letters_can_grow = letters_can_grow()  # xterm: 'Larger text' changes the font
        self._font_large: bool | None = None  # the font size last asked of the terminal
        self.printer_notice = ""
        self.last_print_problem = ""  # why the last receipt did not print, for staff (no answers)
        self.last_print_job: int | None = None  # its spool job number, so the line can go stale
        self.staff_lock = staff_lock_for(self.config.staff)  # wrong PINs, kept across restarts
        self.unexpected_errors: list[str] = []  # exception type names only, for tests and logs
        self._last_input = time.monotonic()
        self._page_before_staff = "welcome"
        staff_key = self.config.staff.staff_key
        if staff_key not in LOCKED_KEYS:
            bind_key(self, staff_key, f"locked_key('{staff_key}')")
        for theme in THEMES:
            self.register_theme(theme)
        self._set_first_theme("kiosk-contrast" if self.high_contrast else "kiosk")

    def _set_first_theme(self, name: str) -> None:
        """What setting `self.theme` does, minus the refresh_css it queues: before the app runs,
        nothing is parsed yet, and that refresh would parse the whole stylesheet a second time
        (its cost: benchmarks/patient_kiosk.py). Later changes (the high-contrast toggle) set
        `self.theme`."""
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}")
        self.set_class(dark, "-dark-mode")
        self.set_class(not dark, "-light-mode")
        refresh_truecolor_filter(self)  # Textual 8's own step for a new theme

    # --- start, clock, display ---------------------------------------------------------------

    def on_unmount(self) -> None:
        thaw_startup_objects()
        if self._font_large:  # leave xterm with the font it started with
            self.large_text = False
            self._ask_font_size()

    def now(self) -> datetime:
        return self.clock()

    def on_mount(self) -> None:
        if self.is_web:  # a browser ignores OSC 50: its page sets the letter size
            self.letters_can_grow = False
        self.apply_display()
        self.push_screen(WelcomeScreen())
        self.call_after_refresh(freeze_startup_objects)
        self.set_interval(0.2, self._idle_tick)
        self.set_interval(self.config.printer.status_poll_s, self.poll_printer)
        self.poll_printer()
        self.forget_printed_patient()  # receipt files left by a run that stopped mid-patient

    def apply_display(self) -> None:
        self.theme = "kiosk-contrast" if self.high_contrast else "kiosk"
        self.set_class(self.large_text, "-large-text")
        self.set_class(self.high_contrast, "-high-contrast")
        large, contrast = toggle_labels(
            self.large_text, self.high_contrast, self.letters_can_grow, self.words
        )
        self._ask_font_size()
        for button in self.screen.query("#toggle-large").results(Button):
            button.label = large
        for button in self.screen.query("#toggle-contrast").results(Button):
            button.label = contrast

    def _ask_font_size(self) -> None:
        """Under xterm, send the font at start and when 'Larger text' changes; elsewhere letters
        cannot grow and nothing is sent. The normal font is sent at start too: xterm draws
        'size=14' from OSC 50 a pixel wider than the same font from its command line (tried
        under Xvfb), so without it the first patient would see a smaller font than the next."""
        if not self.letters_can_grow or self._font_large == self.large_text:
            return
        driver = terminal_driver(self)
        if driver is not None:
            display = self.config.display
            sequence = font_sequence(
                self.large_text, display.xterm_font, display.xterm_size, display.xterm_large_size
            )
            driver.write(sequence)
            driver.flush()
            self._font_large = self.large_text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "toggle-large":
            self.large_text = not self.large_text
        elif event.button.id == "toggle-contrast":
            self.high_contrast = not self.high_contrast
        else:
            return
        self.apply_display()
        self.call_after_refresh(self._focus_after_toggle, self.screen)

    def _focus_after_toggle(self, screen) -> None:
        """A tapped toggle took the focus, so Enter toggled it again instead of going on: give
        the focus back to where the page starts it (its text box, its Next, or nothing)."""
        if screen is not self.screen or not isinstance(self.focused, Button):
            return
        if self.focused.id not in ("toggle-large", "toggle-contrast"):
            return
        refocus = getattr(screen, "refocus", None)
        if refocus is not None:
            refocus()
            return
        targets = screen.query(screen.AUTO_FOCUS) if screen.AUTO_FOCUS else []
        target = next((w for w in targets if w.focusable), None)
        screen.set_focus(target)

    # --- moving through the form -------------------------------------------------------------

    def _show(self, screen, page_id: str) -> None:
        self.current_page_id = page_id
        self.page_clock.page_changed()  # the new screen restarts it once it is drawn
        self.switch_screen(screen)

    def choose_language(self, language: str) -> None:
        """The patient chose a language on the welcome screen: every screen and their slip
        speak it from now on (until the next reset). Staff's paper keeps the staff language."""
        if language not in self.site.languages:
            return
        self.language = language
        self.words = self.site.words_in(language)
        self.call_later(self._show_welcome_again)

    async def _show_welcome_again(self) -> None:
        await self.switch_screen(WelcomeScreen())
        self.apply_display()

    @property
    def patient_form(self):
        """The form in the patient's language (the same questions and rules in every one)."""
        return self.site.form_in(self.language)

    def start(self) -> None:
        self.session = Session(self.patient_form, self.now().date(), self.words)
        self.visited = set()
        self.show_page()

    def show_page(self) -> None:
        page = self.session.current
        self.visited.add(page.id)
        self._show(screen_for(page), page.id)

    def go_next(self) -> None:
        session = self.session
        if self.returning_to_review:
            visible = [page.id for page in session.visible_pages()]
            target = next_from_review(visible, self.visited, session.first_unfinished())
            if target == REVIEW:
                self.show_review()
            else:
                session.go_to(target)
                self.show_page()
        elif session.is_last:
            self.show_review()
        elif session.next():
            self.show_page()

    def go_back(self) -> None:
        if self.session.back():
            self.show_page()
        else:
            self.wipe_later()

    def show_review(self) -> None:
        self.returning_to_review = False
        self._show(ReviewScreen(), "review")

    def change_answer(self, question_id: str) -> None:
        self.session.go_to(question_id)
        self.returning_to_review = True
        self.show_page()

    def back_from_review(self) -> None:
        self.session.go_to(self.session.visible_pages()[-1].id)
        self.show_page()

    def confirm(self) -> None:
        unfinished = self.session.first_unfinished()
        if unfinished is not None:
            self.session.go_to(unfinished)
            self.show_page()
            return
        # The receipt is for staff: in the staff language, whatever the patient chose.
        site = self.site
        summary = build_summary(site.staff_form, self.session.answers, self.now(), site.staff_words)
        screen = DoneScreen()
        self._show(screen, "done")
        self.print_receipt(summary, screen)

    @work(exclusive=True, group="print", exit_on_error=False)
    async def print_receipt(self, summary, screen: DoneScreen) -> None:
        # Printing blocks, so it runs in a thread, but not as a Textual thread worker: that sets
        # itself (with this summary among its arguments) in its pool thread's context, where it
        # stays after the patient has gone. asyncio.to_thread runs in a copy of the context.
        try:
            site = self.site
            wording = Wording(site.staff_words, self.words, self.patient_form)
            outcome = await asyncio.to_thread(
                self.printer.print_summary, summary, site.staff_form, wording=wording
            )
        except Exception as exc:  # the patient still gets the done screen
            log.error("printer failed: %s", type(exc).__name__)
            outcome = PrintOutcome(False, NOT_SAVED, f"The printer raised {type(exc).__name__}.")
        self._printed(outcome, screen)

    def _printed(self, outcome: PrintOutcome, screen: DoneScreen) -> None:
        if not outcome.printed:  # staff wording only: printer state, never the receipt
            log.warning("receipt not printed: %s", outcome.staff_message)
        self.last_print_problem = (
            "" if outcome.printed else f"Last receipt: {outcome.staff_message}"
        )
        self.last_print_job = None if outcome.printed else outcome.job_id
        if screen in self.screen_stack:
            screen.show_outcome(outcome.patient_words(self.words), printed=outcome.printed)

    # --- wiping between patients -------------------------------------------------------------

    def wipe_later(self, notice: str = "", *, abandoned: bool = False) -> None:
        self.call_later(self.wipe, notice, abandoned=abandoned)

    async def wipe(self, notice: str = "", *, abandoned: bool = False) -> None:
        """Forget the patient: new Session, every screen dropped, a fresh welcome screen.

        `abandoned` (the idle reset): count the check-in as given up, if it had begun."""
        if abandoned and (self.session.answers or self.session.acknowledged):
            step, of = self.session.progress
            on_review = self.current_page_id == "review"
            self.abandoned.record(self.now(), step, of, on_review=on_review)
        # The welcome page never times out: say so before the first await below, or an idle
        # tick during the screen changes raises a new warning over the fresh welcome screen.
        self.current_page_id = "welcome"
        self._last_input = time.monotonic()
        self.language = self.site.form.language
        self.words = self.site.words_in(self.language)
        self.session = Session(self.site.form, self.now().date(), self.words)
        self.returning_to_review = False
        self.visited = set()
        self.large_text = self.config.display.large_text
        self.high_contrast = self.config.display.high_contrast
        self.forget_printed_patient()
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        await self.switch_screen(WelcomeScreen(notice))
        self.current_page_id = "welcome"
        self.apply_display()
        self._last_input = time.monotonic()
        forget_visible_screens()  # this is the app's task (wipe_later): its copy names old screens
        for delay in (0.5, 3.0):  # once the old screens are gone, and again for late garbage
            self.set_timer(delay, forget_drawn_text)

    @work(thread=True, group="forget", exit_on_error=False)
    def forget_printed_patient(self) -> None:
        try:
            self.printer.forget_patient()
        except Exception as exc:
            log.error("printer.forget_patient failed: %s", type(exc).__name__)

    # --- idle timer --------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollUp):
            self._last_input = time.monotonic()
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key == "enter"
            and self.current_page_id != "staff"
            and self.page_clock.settling()
        ):
            return  # a held or bounced Enter must not run through the pages (see settle.py)
        await super().on_event(event)

    def _idle_tick(self) -> None:
        # A warning already counting down may be under the staff PIN pad.
        if self.current_page_id == "welcome" or any(
            isinstance(screen, IdleWarning) for screen in self.screen_stack
        ):
            return
        # The review page lists every answer to read through: it waits longer.
        review = self.current_page_id == "review"
        timeout = self.review_idle_timeout_s if review else self.idle_timeout_s
        if time.monotonic() - self._last_input >= timeout:
            self.push_screen(IdleWarning(self.idle_warning_s), self._idle_answered)

    def _idle_answered(self, still_here: bool | None) -> None:
        self._last_input = time.monotonic()

    # --- printer status for staff ------------------------------------------------------------

    def printer_status(self) -> tuple[bool, str]:
        """The printer's status in plain words; blocking (call from a worker); never raises."""
        try:
            return self.printer.status()
        except Exception as exc:  # a broken driver must not stop the kiosk
            return False, f"Printer status failed ({type(exc).__name__})."

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def poll_printer(self) -> None:
        ok, message = self.printer_status()
        notice = "" if ok else f"Staff: printer needs attention. {message}"
        self.call_from_thread(self._show_printer_notice, notice)

    def _show_printer_notice(self, notice: str) -> None:
        self.printer_notice = notice
        if isinstance(self.screen, WelcomeScreen):
            self.screen.show_printer_notice(self.staff_notice())

    def staff_notice(self) -> str:
        """The small line for staff on the welcome screen: printer trouble only. That no PIN is
        set is said on the staff screen (`pin_notice`), not to every patient."""
        return self.printer_notice

    def pin_notice(self) -> str:
        """For the staff screen: the PIN is still the default until `kiosk set-pin` stores one."""
        if self.config.staff.pin_hash:
            return ""
        return (
            "No staff PIN has been set: the built-in default PIN still opens staff mode."
            " Set your own, 6 digits or more, with `kiosk set-pin`."
        )

    # --- staff mode and lockdown -------------------------------------------------------------

    def action_locked_key(self, key: str) -> None:
        """Lockdown: these keys do nothing for patients; only the staff key opens the PIN pad."""
        if key == self.config.staff.staff_key:
            self.open_staff_pin()

    def open_staff_pin(self) -> None:
        if not isinstance(self.screen, StaffPin | StaffScreen | StaffConfirm):
            self.push_screen(StaffPin(), self._pin_answered)

    def _pin_answered(self, ok: bool | None) -> None:
        if ok:
            self._page_before_staff = self.current_page_id
            self.current_page_id = "staff"
            self.push_screen(StaffScreen(), self._staff_closed)

    def _staff_closed(self, _result=None) -> None:
        self.current_page_id = self._page_before_staff

    def pin_lock_message(self) -> str:
        return self.staff_lock.lock_message()

    def try_pin(self, pin: str) -> tuple[bool, str]:
        """Blocking while a hash is checked (PBKDF2): the PIN pad calls it from a thread."""
        return self.staff_lock.try_pin(pin, self.config.staff.pin_hash)

    def _handle_exception(self, error: Exception) -> None:
        """No traceback for patients: log the error's type only and go back to welcome."""
        self.unexpected_errors.append(type(error).__name__)
        log.error("unexpected error: %s; back to welcome", type(error).__name__)
        if running_in_app_loop(self):
            # The app's own loop has stopped: leave quietly; `kiosk run` starts a fresh app.
            self.exit(return_code=1)
            return
        self.wipe_later(ASK_STAFF)


def make_app(
    config_path: Path | str | None = None,
    *,
    printer: ReceiptPrinter | None = None,
    clock: Callable[[], datetime] | None = None,
) -> KioskApp:
    """The kiosk app for tests and benchmarks: a fake printer and a fixed clock passed in.
    (`kiosk run` builds `KioskApp(config, site=site)` with the site its preflight loaded.)"""
    return KioskApp(config_path, printer=printer, clock=clock)
