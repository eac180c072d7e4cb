"""What a patient screen or widget may ask of the kiosk app, and nothing more.

Screens reach the app through `self.kiosk` (typed as `Kiosk`), not an untyped `self.app`;
`self.app` stays for Textual's own App API (push_screen, call_from_thread, exit, screen).
`tests/test_screen_contract.py` reads every screen and widget and fails when one uses a
member of the app that is not listed here, or one listed here that the app lacks.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from kiosk.core.messages import Messages
    from kiosk.core.session import Session
    from kiosk.patient.abandoned import AbandonedLog
    from kiosk.patient.screens.settle import PageClock
    from kiosk.printer.queue import ReceiptPrinter
    from kiosk.settings.config import Config
    from kiosk.settings.load import Site


class Kiosk(Protocol):
    """The kiosk app as its screens see it (kiosk/patient/app.py implements it)."""

    # What is loaded and what the patient has answered so far.
    site: Site
    config: Config
    session: Session
    printer: ReceiptPrinter
    abandoned: AbandonedLog

    # The patient's language: what every patient screen says (kiosk/core/messages).
    language: str
    words: Messages

    # Display and timing, read when a screen is built.
    large_text: bool
    high_contrast: bool
    letters_can_grow: bool
    auto_advance_s: float | None
    done_return_s: float
    page_clock: PageClock

    # For staff: why the last receipt did not print, and its spool job (a widget may clear them).
    last_print_problem: str
    last_print_job: int | None

    def now(self) -> datetime: ...

    # Moving through the form.
    def start(self) -> None: ...
    def go_next(self) -> None: ...
    def go_back(self) -> None: ...
    def change_answer(self, question_id: str) -> None: ...
    def back_from_review(self) -> None: ...
    def confirm(self) -> None: ...
    def wipe_later(self, notice: str = "", *, abandoned: bool = False) -> None: ...
    def choose_language(self, language: str) -> None: ...

    # Staff mode and the printer.
    def open_staff_pin(self) -> None: ...
    def pin_lock_message(self) -> str: ...
    def try_pin(self, pin: str) -> tuple[bool, str]: ...
    def pin_notice(self) -> str: ...
    def staff_notice(self) -> str: ...
    def printer_status(self) -> tuple[bool, str]: ...


class KioskView:
    """Mixed into a screen or widget: `self.kiosk` is its app, typed as `Kiosk`."""

    @property
    def kiosk(self) -> Kiosk:
        return cast(Kiosk, self.app)  # type: ignore[attr-defined]  # a Textual DOMNode's
