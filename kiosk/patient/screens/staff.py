"""The staff screen: reset now, reprint the last receipt, printer status, exit the app.

Exit here is the only way out of the kiosk; printer calls run in workers. Reset and Exit ask
first (StaffConfirm); the focus starts on 'Back to patient screen', the one harmless choice.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from kiosk.patient.contract import KioskView
from kiosk.patient.screens.on_top import dismiss_if_on_top
from kiosk.patient.screens.staff_confirm import StaffConfirm
from kiosk.patient.widgets.abandoned import AbandonedCount
from kiosk.patient.widgets.plain import PlainButton, PlainStatic
from kiosk.patient.widgets.print_queue import PrintQueuePanel


def printer_line(ok: bool, message: str) -> str:
    """The staff screen's printer line. The printer's words name its state once ("Printer
    ready.", "Paper has run out. Put in a new roll.") and then the held receipts; a fault gets
    a word that stands out in front of them, not the state said a second time."""
    return message if ok else f"NEEDS ATTENTION: {message}"


class StaffScreen(KioskView, Screen):
    AUTO_FOCUS = "#staff-back"

    def compose(self) -> ComposeResult:
        with Vertical(id="staff-body"):
            yield PlainStatic("Staff mode", id="prompt")
            pin_notice = PlainStatic(self.kiosk.pin_notice(), id="staff-pin-notice")
            pin_notice.display = bool(self.kiosk.pin_notice())
            yield pin_notice
            yield PlainStatic("Checking the printer...", id="staff-printer")
            yield PlainStatic(self.kiosk.last_print_problem, id="staff-last-print")
            yield AbandonedCount(self.kiosk.abandoned)
            yield PlainStatic("", id="staff-message")
            with Horizontal(classes="staff-row"):
                yield PlainButton("Back to patient screen", id="staff-back", classes="next")
                yield PlainButton("Reprint last receipt", id="staff-reprint")
            with Horizontal(classes="staff-row"):
                yield PlainButton("Reset now (back to welcome)", id="staff-reset")
                yield PlainButton("Exit the kiosk app", id="staff-exit", classes="danger")
            yield PrintQueuePanel(id="staff-print-queue")

    def on_mount(self) -> None:
        self.check_printer()

    @work(thread=True, exclusive=True, group="staff-status", exit_on_error=False)
    def check_printer(self) -> None:
        ok, message = self.kiosk.printer_status()
        line = printer_line(ok, message)
        self.app.call_from_thread(self.query_one("#staff-printer", Static).update, line)

    @work(thread=True, exclusive=True, group="staff-reprint", exit_on_error=False)
    def reprint(self) -> None:
        try:
            message = self.kiosk.printer.reprint_last().staff_message
        except Exception as exc:
            message = f"Reprint failed ({type(exc).__name__})."
        self.app.call_from_thread(self.query_one("#staff-message", Static).update, message)

    @on(Button.Pressed, "#staff-reprint")
    def reprint_pressed(self) -> None:
        self.query_one("#staff-message", Static).update("Reprinting...")
        self.reprint()

    @on(Button.Pressed, "#staff-reset")
    def reset_pressed(self) -> None:
        question = "Reset now? The answers on screen are wiped and the welcome page shows."
        self.app.push_screen(StaffConfirm(question, "Yes, reset now"), self._reset_answered)

    def _reset_answered(self, yes: bool | None) -> None:
        if yes:
            self.kiosk.wipe_later()

    @on(Button.Pressed, "#staff-back")
    def back_pressed(self) -> None:
        dismiss_if_on_top(self)

    @on(Button.Pressed, "#staff-exit")
    def exit_pressed(self) -> None:
        question = "Exit the kiosk app? Patients cannot check in until it is started again."
        self.app.push_screen(StaffConfirm(question, "Yes, exit the app"), self._exit_answered)

    def _exit_answered(self, yes: bool | None) -> None:
        if yes:
            self.app.exit(0)
