"""The always-focused scan field: keys from a keyboard-wedge scanner arrive here.

Keys are timed with the app's clock and passed through `Wedge`; a fast burst ending in Enter
posts `ScanField.Scanned`, slow typing is ignored. It also shows the last calm message.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from kiosk.station.wedge import Wedge
from kiosk.station.widgets.show import show

READY = "Ready: scan a receipt"


class ScanField(Static, can_focus=True):
    DEFAULT_CSS = """
    ScanField { height: auto; padding: 0 1; border: tall $accent; }
    ScanField:focus { border: tall $success; }
    """

    class Scanned(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, seconds: Callable[[], float], **kwargs) -> None:
        super().__init__(Content(READY), **kwargs)
        self._seconds = seconds
        self.wedge = Wedge()

    def say(self, message: str) -> None:
        show(self, message)

    def feed(self, key: str, character: str | None) -> bool:
        """One key from the keyboard; True when it was taken as part of a scan."""
        now = self._seconds()
        if key == "enter":
            text = self.wedge.enter(now)
            if text is not None:
                self.post_message(self.Scanned(text))
                return True
            return False
        if character and character.isprintable() and len(character) == 1:
            self.wedge.key(character, now)
            return True
        return False

    def on_key(self, event: events.Key) -> None:
        if self.feed(event.key, event.character) or event.key == "enter":
            event.stop()
            event.prevent_default()
