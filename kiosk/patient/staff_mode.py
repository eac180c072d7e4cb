"""Staff mode and what staff see of the printer: the locked keys, the PIN pad, the staff
screen, and the printer's status polled for the welcome screen. Mixed into KioskApp.

Only the staff PIN leaves patient mode; the count of wrong PINs is kiosk/patient/staff_lock.py.
"""

from __future__ import annotations

from textual import work

from kiosk.patient.screens.staff import StaffScreen
from kiosk.patient.screens.staff_confirm import StaffConfirm
from kiosk.patient.screens.staff_pin import StaffPin
from kiosk.patient.screens.welcome import WelcomeScreen


def printer_notice(ok: bool, message: str) -> str:
    """The welcome screen's line for staff: nothing while the printer is fine, else the
    printer's own words, which name its state ("Staff: Paper has run out. Put in a new roll.")."""
    return "" if ok else f"Staff: {message}"


class StaffMode:
    """KioskApp's staff side: the locked keys' action, the PIN pad and the staff screen over
    whatever page was showing, and the printer's status for the welcome screen's staff line."""

    # --- printer status for staff ------------------------------------------------------------

    def printer_status(self) -> tuple[bool, str]:
        """The printer's status in plain words; blocking (call from a worker); never raises."""
        try:
            return self.printer.status()
        except Exception as exc:  # a broken driver must not stop the kiosk
            return False, f"Printer status failed ({type(exc).__name__})."

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def poll_printer(self) -> None:
        ok, message = self.printer_status()
        self.call_from_thread(self._show_printer_notice, printer_notice(ok, message))

    def _show_printer_notice(self, notice: str) -> None:
        self.printer_notice = notice
        if isinstance(self.screen, WelcomeScreen):
            self.screen.show_printer_notice(self.staff_notice())

    def staff_notice(self) -> str:
        """The small line for staff on the welcome screen: printer trouble only. That no PIN is
        set is said on the staff screen (`pin_notice`), not to every patient."""
        return self.printer_notice

    def pin_notice(self) -> str:
        """For the staff screen: the PIN is still the default until `kiosk set-pin` stores one."""
        if self.config.staff.pin_hash:
            return ""
        return (
            "No staff PIN has been set: the built-in default PIN still opens staff mode."
            " Set your own, 6 digits or more, with `kiosk set-pin`."
        )

    # --- staff mode and lockdown -------------------------------------------------------------

    def action_locked_key(self, key: str) -> None:
        """Lockdown: these keys do nothing for patients; only the staff key opens the PIN pad."""
        if key == self.config.staff.staff_key:
            self.open_staff_pin()

    def open_staff_pin(self) -> None:
        if not isinstance(self.screen, StaffPin | StaffScreen | StaffConfirm):
            self.push_screen(StaffPin(), self._pin_answered)

    def _pin_answered(self, ok: bool | None) -> None:
        if ok:
            self._page_before_staff = self.current_page_id
            self.current_page_id = "staff"
            self.push_screen(StaffScreen(), self._staff_closed)

    def _staff_closed(self, _result=None) -> None:
        self.current_page_id = self._page_before_staff

    def pin_lock_message(self) -> str:
        return self.staff_lock.lock_message()

    def try_pin(self, pin: str) -> tuple[bool, str]:
        """Blocking while a hash is checked (PBKDF2): the PIN pad calls it from a thread."""
        return self.staff_lock.try_pin(pin, self.config.staff.pin_hash)
