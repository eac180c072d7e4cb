"""The two display toggles on every patient screen ('Larger text', 'High contrast') and the
kiosk's two themes: mixed into KioskApp, which holds `large_text` and `high_contrast`.

Contrast is a theme switch, not a code path; larger text is a CSS class, and under xterm also
a font change sent to the terminal (kiosk/patient/font_size.py).
"""

from __future__ import annotations

from textual.app import App
from textual.theme import Theme
from textual.widgets import Button

from kiosk.patient.font_size import font_sequence
from kiosk.patient.screens.page import toggle_labels
from kiosk.patient.textual_private import refresh_truecolor_filter, terminal_driver

THEMES = [
    Theme(name="kiosk", primary="#005EB8", secondary="#003087", accent="#FFEB3B",
          foreground="#212B32", background="#F0F4F5", surface="#FFFFFF", panel="#D8E1E6",
          success="#007F3B", warning="#8A5A00", error="#C8102E", dark=False),
    Theme(name="kiosk-contrast", primary="#FFFF00", secondary="#FFFFFF", accent="#00FFFF",
          foreground="#FFFFFF", background="#000000", surface="#000000", panel="#000000",
          success="#00FF00", warning="#FFFF00", error="#FF6060", dark=True),
]  # fmt: skip


class DisplayControls:
    """KioskApp's display: its first theme, the toggles' state on screen, xterm's font."""

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
