"""The patient's kiosk app: wires the Session, screens, printer, idle timer and lockdown together.

Its parts live beside it: the display toggles and themes (display.py), the idle timer
(idle.py), staff mode and the printer's status (staff_mode.py), the back-from-review rule
(kiosk/core/navigation.py), what screens may ask of it (contract.py).

Screens live in kiosk/patient/screens (one per file); this file only moves between them.
`kiosk run` builds `KioskApp` from the site it has already checked; tests use `make_app`.
Nothing here logs or keeps patient data beyond the Session.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from kiosk.core.messages import english
from kiosk.core.navigation import REVIEW, next_from_review
from kiosk.core.session import Session
from kiosk.core.summary import build_summary
from kiosk.patient.abandoned import AbandonedLog
from kiosk.patient.display import THEMES, DisplayControls
from kiosk.patient.font_size import letters_can_grow
from kiosk.patient.idle import IdleTimer
from kiosk.patient.memory_wipe import (
    forget_drawn_text,
    forget_visible_screens,
    freeze_startup_objects,
    thaw_startup_objects,
)
from kiosk.patient.receipt_printing import ReceiptPrinting
from kiosk.patient.screens import screen_for
from kiosk.patient.screens.done import DoneScreen
from kiosk.patient.screens.review import ReviewScreen
from kiosk.patient.screens.settle import PageClock
from kiosk.patient.screens.welcome import WelcomeScreen
from kiosk.patient.staff_lock import staff_lock_for
from kiosk.patient.staff_mode import StaffMode
from kiosk.patient.textual_private import bind_key, running_in_app_loop
from kiosk.printer.queue import ReceiptPrinter, make_printer
from kiosk.settings.load import Site, load_site

log = logging.getLogger(__name__)

ASK_STAFF = english()("app.ask_staff")
# Keys that must do nothing in patient mode (the staff key among them opens the PIN pad).
LOCKED_KEYS = ["ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+s", "ctrl+backslash", "escape"] + [
    f"f{n}" for n in range(1, 25)
]


class KioskApp(DisplayControls, IdleTimer, StaffMode, ReceiptPrinting, App):
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

    # --- start and clock ---------------------------------------------------------------

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
