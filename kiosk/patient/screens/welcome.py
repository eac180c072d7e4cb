"""Welcome: the site's name, 'Touch to start', the display toggles and, for staff, printer notices.

Staff gesture: tap the site name 5 times within 4 seconds (or press the staff key, F12).
"""

from __future__ import annotations

import time

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.patient.contract import KioskView
from kiosk.patient.screens.page import display_toggles
from kiosk.patient.screens.settle import SettlingScreen
from kiosk.patient.widgets.plain import PageTurnButton, PlainButton, PlainStatic

STAFF_TAPS = 5
STAFF_TAP_WINDOW_S = 4.0


class SiteName(KioskView, PlainStatic):
    """The site name; five quick taps on it open the staff PIN pad."""

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(text, **kwargs)
        self._taps: list[float] = []

    def on_click(self, event: events.Click) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < STAFF_TAP_WINDOW_S] + [now]
        if len(self._taps) >= STAFF_TAPS:
            self._taps = []
            self.kiosk.open_staff_pin()


class WelcomeScreen(SettlingScreen):
    AUTO_FOCUS = "#start"  # Enter starts; the display toggles are a Tab away

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self.notice = notice

    def compose(self) -> ComposeResult:
        site = self.kiosk.site
        with Horizontal(id="topbar"):
            yield SiteName(site.config.site.name, id="site-name")
            yield from display_toggles(self.kiosk)
        with Vertical(id="welcome-body"):
            yield PlainStatic(site.config.site.department, id="department")
            yield PlainStatic(site.form_in(self.kiosk.language).title, id="form-title")
            yield PlainStatic(self.notice, id="notice")
            with Center():
                yield PageTurnButton(self.kiosk.words("welcome.start"), id="start", classes="next")
            if len(site.languages) > 1:  # one language is no choice: nothing to show
                yield from self.compose_languages()
        yield PlainStatic(self.kiosk.staff_notice(), id="printer-notice")

    def compose_languages(self) -> ComposeResult:
        """A button per language, each named in itself; the one in use is ticked."""
        site, current = self.kiosk.site, self.kiosk.language
        yield PlainStatic(self.kiosk.words("welcome.choose_language"), id="language-prompt")
        with Horizontal(id="languages"):
            for language in site.languages:
                name = site.form_in(language).language_name
                label = f"✓ {name}" if language == current else name
                yield PlainButton(label, id=f"language-{language}", classes="language")

    @on(Button.Pressed, ".language")
    def language_chosen(self, event: Button.Pressed) -> None:
        self.kiosk.choose_language((event.button.id or "").removeprefix("language-"))

    def on_mount(self) -> None:
        self.query_one("#notice").display = bool(self.notice)

    def show_printer_notice(self, text: str) -> None:
        self.query_one("#printer-notice", Static).update(text)

    @on(Button.Pressed, "#start")
    def start(self) -> None:
        self.kiosk.start()
