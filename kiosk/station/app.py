"""The radiographer's station: scan a receipt, see its flags verified, record the outcome.

Wiring only: the config and forms from `load_site`, the station key, the case store, the
serial scanner (if configured) and the one screen. `read_scan` turns any scanned text into a
`ScanOutcome` the screen draws; a wedge scan and a serial scan both end there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.app import App

from kiosk.core.answers import to_json
from kiosk.core.form import Form, load_form
from kiosk.core.payload import MAX_DIGITS, Decoded, decode
from kiosk.errors import KioskError
from kiosk.patient.memory_wipe import freeze_startup_objects, thaw_startup_objects
from kiosk.settings.load import load_site
from kiosk.settings.signing_key import load_key
from kiosk.station.keyboard_layout import fix_layout
from kiosk.station.scanner import SerialScanner
from kiosk.station.screens.station import StationScreen
from kiosk.station.store import Case, Store, StoreError
from kiosk.station.widgets.scan_field import ScanField

Clock = Callable[[], datetime]
NO_KEY = "this station has no key file"


@dataclass(frozen=True)
class ScanOutcome:
    message: str
    """A short calm line for the scan field."""
    decoded: Decoded | None = None
    """None when the scan was not a receipt at all (the current case stays on screen)."""
    status: str = ""
    """Decoded.status, or "no_key" when the station has no key file."""
    reason: str = ""
    case: Case | None = None
    duplicate: bool = False


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StationApp(App):
    CSS_PATH = "station.tcss"
    TITLE = "Gate 18 station"

    def __init__(
        self,
        config_path: Path | str | None = None,
        *,
        clock: Clock | None = None,
        scanner: str | None = None,
    ) -> None:
        super().__init__()
        site = load_site(config_path)
        self.config = site.config
        # The form's staff words (labels, flags) in the staff language; same logic and hash.
        self.forms: list[Form] = [site.staff_form] + [
            load_form(p, site.config.form.parameters) for p in site.config.station.extra_forms
        ]
        self.clock: Clock = clock or _utc_now
        self.key: bytes | None = None
        self.key_problem: str | None = None
        try:
            self.key = load_key(self.config.payload.key_file)
        except KioskError as exc:  # decode still reads the receipt; it never verifies
            self.key_problem = str(exc.problems[0]) if exc.problems else str(exc)
        self.store = Store(self.config.station.db_path)
        self.store.purge(self.clock(), self.config.station.retention_days)
        self._scanner_url = self.config.station.scanner if scanner is None else scanner
        self.scanner: SerialScanner | None = None

    def on_mount(self) -> None:
        self.station_screen = StationScreen()
        self.push_screen(self.station_screen)
        self.call_after_refresh(freeze_startup_objects)
        if self._scanner_url:
            self.scanner = SerialScanner(
                self._scanner_url, self._serial_line, on_lost=self._serial_lost
            )
            try:
                self.scanner.start()
            except KioskError as exc:
                self.scanner = None
                self.notify(str(exc), severity="error", timeout=30, markup=False)

    def _serial_line(self, text: str) -> None:
        """Called in the scanner thread."""
        self.call_from_thread(self.station_screen.post_message, ScanField.Scanned(text))

    def _serial_lost(self, message: str) -> None:
        """Called in the scanner thread when the port goes away."""
        self.call_from_thread(
            self.notify, message + " A keyboard scanner still works.", severity="warning"
        )

    def on_unmount(self) -> None:
        if self.scanner is not None:
            self.scanner.stop()
        self.store.close()
        thaw_startup_objects()

    def seconds(self) -> float:
        """Key timing for the wedge, from the same (injectable) clock."""
        return self.clock().timestamp()

    def read_scan(self, raw: str) -> ScanOutcome:
        """Whatever the scanner sent, as something calm to show."""
        if len(raw) > MAX_DIGITS + 100:  # longer than any QR code: not ours, and not worth parsing
            return ScanOutcome("That code is not a check-in receipt. Ready for the next scan.")
        text = raw.strip()
        note = ""
        fixed = fix_layout(text)
        if fixed is not None:
            if fixed.digits is None:
                return ScanOutcome(fixed.message)
            text, note = fixed.digits, fixed.message + " "
        if not text.isdigit():
            return ScanOutcome("That code is not a check-in receipt. Ready for the next scan.")
        now = self.clock()
        max_age = timedelta(hours=self.config.payload.max_age_h)
        decoded = decode(text, self.forms, self.key, max_age, now)
        status, reason = decoded.status, decoded.reason
        if self.key_problem and status != "malformed":
            status = "no_key"
            reason = f"{NO_KEY} at {self.config.payload.key_file}"
            if decoded.status != "tampered":  # without a key, decode says "tampered"
                reason += f"; the receipt was also {decoded.reason}"
        if decoded.summary is None and decoded.status == "malformed":
            return ScanOutcome(
                note
                + "Could not read a receipt from that code (another barcode, or half a scan?). "
                "Ready: scan the receipt again.",
                decoded,
                status,
                reason,
            )
        summary = decoded.summary
        try:
            case, new = self.store.record_scan(
                text,
                status=status,
                reason=reason,
                scanned_at=now,
                form_id=decoded.form_id,
                form_version=decoded.form_version,
                kiosk_id=decoded.kiosk_id,
                issued_at=decoded.issued_at,
                answers=to_json(decoded.answers) if decoded.answers is not None else None,
                baseline=summary.baseline_value if summary else None,
            )
        except StoreError as exc:
            return ScanOutcome(
                f"{note}This scan could not be saved, so it is not shown: {exc.problems[0]}."
                " Tell IT; the receipt is unchanged and can be scanned again once it is fixed."
            )
        first = case.scanned_at.astimezone().strftime("%H:%M")
        message = "Receipt read." if new else f"Already scanned at {first}: same case opened."
        if summary is None:
            message += " This station cannot show its answers (see the banner)."
        return ScanOutcome(note + message, decoded, status, reason, case, duplicate=not new)
