"""Staff initials (1-4 letters); keys that cannot be initials go on to the scan field.

So a scan arriving while staff type their initials is still read as a scan.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from kiosk.station.widgets.scan_field import ScanField


class InitialsInput(Input):
    def __init__(self, scan: ScanField, **kwargs) -> None:
        super().__init__(
            placeholder="Staff initials", restrict=r"[A-Za-z]{0,4}", max_length=4, **kwargs
        )
        self._scan = scan

    async def _on_key(self, event: events.Key) -> None:
        char = event.character
        to_scan = (char is not None and char.isprintable() and not char.isascii()) or (
            char is not None and len(char) == 1 and char.isprintable() and not char.isalpha()
        )
        if event.key == "enter" and self._scan.wedge.pending:
            to_scan = True
        if to_scan:
            event.stop()
            event.prevent_default()
            self._scan.feed(event.key, char)
            return
        await super()._on_key(event)
