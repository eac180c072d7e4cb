"""The staff screen's printing section: printer state, held receipts, and what to do with them.

A receipt that did not print while its patient was here waits for staff; only these buttons
send it. Each held receipt shows only its kiosk job number and time, never a name.
Printer calls run in thread workers; the section is rebuilt from the spool after each.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.patient.contract import KioskView
from kiosk.patient.widgets.plain import PlainButton, PlainStatic
from kiosk.printer.queue import HALF_PRINTED, PrintQueue


def counts_line(queue: PrintQueue) -> str:
    hours = f"{queue.retention_h:g} hour{'' if queue.retention_h == 1 else 's'}"
    return (
        f"Waiting to print: {queue.waiting}. May be half printed: {queue.uncertain}. "
        f"Receipts not printed are deleted {hours} after they were made."
    )


def job_line(job) -> str:
    made = f"Receipt {job.job_id} ({job.created_at:%H:%M})"
    if job.state == "uncertain":
        return f"{made}: {HALF_PRINTED}"
    return f"{made}: waiting to print."


class PrintQueuePanel(KioskView, Vertical):
    DEFAULT_CSS = """
    PrintQueuePanel { height: auto; margin-top: 1; }
    PrintQueuePanel #staff-jobs { height: auto; }
    PrintQueuePanel .staff-job { height: auto; }
    PrintQueuePanel .staff-job PlainStatic { width: 1fr; }
    PrintQueuePanel .staff-job PlainButton { width: auto; }
    """

    def compose(self) -> ComposeResult:
        # The button first: at 80x24, with receipts held and the default-PIN notice up, it is
        # the last thing whole on screen: a touchscreen scrolls only by dragging the scrollbar.
        yield PlainButton("Print waiting receipts (0)", id="staff-print-waiting", disabled=True)
        yield PlainStatic("Printer: checking...", id="staff-print-state")
        yield PlainStatic("", id="staff-print-counts")
        yield Vertical(id="staff-jobs")

    def on_mount(self) -> None:
        self.refresh_queue()

    @work(thread=True, exclusive=True, group="staff-queue", exit_on_error=False)
    def refresh_queue(self, message: str = "") -> None:
        queue = self._queue()
        self.app.call_from_thread(self._show, queue, message)

    def _queue(self) -> PrintQueue | None:
        ask = getattr(self.kiosk.printer, "queue", None)
        if ask is None:
            return None  # a printer without a spool (a test double) has nothing held
        try:
            return ask()
        except Exception as exc:  # a broken driver must not stop the staff screen
            return PrintQueue(
                False, "not answering", f"Printer check failed ({type(exc).__name__})."
            )

    async def _show(self, queue: PrintQueue | None, message: str) -> None:
        if queue is None:
            self.query_one("#staff-print-state", Static).update("Printer: no spool to show.")
            return
        # What to do about the fault is on the line above the buttons (#staff-printer).
        self.query_one("#staff-print-state", Static).update(f"Printer: {queue.printer_label}.")
        self.query_one("#staff-print-counts", Static).update(counts_line(queue))
        button = self.query_one("#staff-print-waiting", Button)
        button.label = f"Print waiting receipts ({queue.waiting})"
        button.disabled = queue.waiting == 0
        jobs = self.query_one("#staff-jobs", Vertical)
        await jobs.remove_children()
        rows = []
        for job in queue.jobs:
            parts = [PlainStatic(job_line(job), id=f"staff-job-{job.job_id}")]
            if job.state == "uncertain":
                parts.append(
                    PlainButton(f"Reprint {job.job_id}", id=f"staff-reprint-job-{job.job_id}")
                )
            rows.append(Horizontal(*parts, classes="staff-job"))
        if rows:
            await jobs.mount_all(rows)
        self._clear_stale_problem(queue)
        if message:
            self.screen.query_one("#staff-message", Static).update(message)

    def _clear_stale_problem(self, queue: PrintQueue) -> None:
        """The last patient's print problem goes once that receipt is no longer held."""
        job_id = self.kiosk.last_print_job
        if job_id is not None and all(job.job_id != job_id for job in queue.jobs):
            self.kiosk.last_print_problem = ""
            self.kiosk.last_print_job = None
            for line in self.screen.query("#staff-last-print").results(Static):
                line.update("")

    @on(Button.Pressed, "#staff-print-waiting")
    def print_waiting_pressed(self) -> None:
        self.query_one("#staff-print-waiting", Button).disabled = True
        self.screen.query_one("#staff-message", Static).update("Printing waiting receipts...")
        self._run("print_waiting")

    @on(Button.Pressed, ".staff-job PlainButton")
    def reprint_job_pressed(self, event: Button.Pressed) -> None:
        event.button.disabled = True
        job_id = int((event.button.id or "").rsplit("-", 1)[-1])
        self.screen.query_one("#staff-message", Static).update(f"Reprinting {job_id}...")
        self._run("reprint_job", job_id)

    @work(thread=True, group="staff-print", exit_on_error=False)
    def _run(self, method: str, *args) -> None:
        try:
            message = getattr(self.kiosk.printer, method)(*args).staff_message
        except Exception as exc:
            message = f"Printing failed ({type(exc).__name__})."
        self.app.call_from_thread(self._show, self._queue(), message)
