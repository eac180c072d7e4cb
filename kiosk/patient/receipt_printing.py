"""Printing the patient's receipt from the kiosk, off the UI thread, and forgetting it after:
mixed into KioskApp. The printer itself (spool, transports) is kiosk/printer; this part only
hands it the summary and tells the done screen and staff how it went.
"""

from __future__ import annotations

import asyncio
import logging

from textual import work

from kiosk.core.receipt_layout import Wording
from kiosk.patient.screens.done import DoneScreen
from kiosk.printer.queue import NOT_SAVED, PrintOutcome

log = logging.getLogger("kiosk.patient.app")  # the app's log, as before the move


class ReceiptPrinting:
    """KioskApp's printing worker and what it does with the outcome."""

    @work(exclusive=True, group="print", exit_on_error=False)
    async def print_receipt(self, summary, screen: DoneScreen) -> None:
        # Printing blocks, so it runs in a thread, but not as a Textual thread worker: that sets
        # itself (with this summary among its arguments) in its pool thread's context, where it
        # stays after the patient has gone. asyncio.to_thread runs in a copy of the context.
        try:
            site = self.site
            wording = Wording(site.staff_words, self.words, self.patient_form)
            outcome = await asyncio.to_thread(
                self.printer.print_summary, summary, site.staff_form, wording=wording
            )
        except Exception as exc:  # the patient still gets the done screen
            log.error("printer failed: %s", type(exc).__name__)
            outcome = PrintOutcome(False, NOT_SAVED, f"The printer raised {type(exc).__name__}.")
        self._printed(outcome, screen)

    def _printed(self, outcome: PrintOutcome, screen: DoneScreen) -> None:
        if not outcome.printed:  # staff wording only: printer state, never the receipt
            log.warning("receipt not printed: %s", outcome.staff_message)
        self.last_print_problem = (
            "" if outcome.printed else f"Last receipt: {outcome.staff_message}"
        )
        self.last_print_job = None if outcome.printed else outcome.job_id
        if screen in self.screen_stack:
            screen.show_outcome(outcome.patient_words(self.words), printed=outcome.printed)

    @work(thread=True, group="forget", exit_on_error=False)
    def forget_printed_patient(self) -> None:
        try:
            self.printer.forget_patient()
        except Exception as exc:
            log.error("printer.forget_patient failed: %s", type(exc).__name__)
