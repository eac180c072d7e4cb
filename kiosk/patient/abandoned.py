"""Check-ins given up on: when, and how far the patient got. Never what they answered.

The idle reset wipes a patient's answers; this keeps only the time and the page number, so
staff can tell a patient who walked away from one who was never there. Held in memory by the
kiosk app (lost on restart) and shown on the staff screen. Pure: the caller passes the time.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime

KEEP = 20
"""The most recent abandoned check-ins listed; the count goes on past it."""


@dataclass(frozen=True)
class Abandoned:
    at: datetime
    step: int
    of: int
    on_review: bool

    @property
    def text(self) -> str:
        where = "on the review page" if self.on_review else f"on page {self.step} of {self.of}"
        return f"{self.at:%H:%M} {where}"


class AbandonedLog:
    def __init__(self) -> None:
        self.count = 0
        self._recent: deque[Abandoned] = deque(maxlen=KEEP)

    def record(self, at: datetime, step: int, of: int, *, on_review: bool) -> None:
        self.count += 1
        self._recent.append(Abandoned(at, step, of, on_review))

    @property
    def recent(self) -> list[Abandoned]:
        return list(self._recent)

    def staff_text(self) -> str:
        """One line for the staff screen: the count since the kiosk started, then the times."""
        if not self.count:
            return "Abandoned check-ins since the kiosk started: none."
        times = ", ".join(a.text for a in reversed(self._recent))
        return f"Abandoned check-ins since the kiosk started: {self.count} (latest first: {times})."
