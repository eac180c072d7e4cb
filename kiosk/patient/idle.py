"""The idle timer: after a while with no touch or key, a warning that counts down and then
resets for the next patient (kiosk/patient/screens/idle_warning.py). Mixed into KioskApp.

Also here, because it sees every event first: a held or bounced Enter within the page's
settle time does nothing (kiosk/patient/screens/settle.py).
"""

from __future__ import annotations

import time

from textual import events

from kiosk.patient.screens.idle_warning import IdleWarning


class IdleTimer:
    """KioskApp's idle timer: `_last_input` moves at every touch or key; `_idle_tick` runs
    every 0.2 s (set in on_mount)."""

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
