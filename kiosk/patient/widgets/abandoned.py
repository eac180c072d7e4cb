"""The staff screen's line on abandoned check-ins: how many, and when (never any answers)."""

from __future__ import annotations

from kiosk.patient.abandoned import AbandonedLog
from kiosk.patient.widgets.plain import PlainStatic


class AbandonedCount(PlainStatic):
    def __init__(self, log: AbandonedLog) -> None:
        super().__init__(log.staff_text(), id="staff-abandoned")
