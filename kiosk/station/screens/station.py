"""The station's one screen: banner, flags, patient, answers, then the after-procedure record.

Draws a `ScanOutcome` from the app. Verification is said in words in `#banner`, never by
colour alone; an unverified receipt is shown in full but marked UNVERIFIED on every section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from kiosk.station.relief import relief
from kiosk.station.store import Case
from kiosk.station.widgets.initials import InitialsInput
from kiosk.station.widgets.pain_keypad import PainKeypad
from kiosk.station.widgets.scan_field import ScanField
from kiosk.summary import Summary, format_date

if TYPE_CHECKING:
    from kiosk.station.app import ScanOutcome, StationApp

CONFIRM = "Confirm name and date of birth with the patient"
NOT_CONFIRMED = "NOT YET CONFIRMED: " + CONFIRM.lower().replace("confirm ", "check ", 1)
KIND_WORDS = {
    "tampered": "tampered, or made with another kiosk's key",
    "expired": "expired",
    "unknown_form": "unknown form version",
    "malformed": "malformed receipt code",
    "no_key": "cannot verify: no key file",
}
WAITING = "No receipt scanned yet"


def banner_text(status: str, reason: str, readable: bool = False) -> str:
    """Why a receipt is not verified, in words: the kind first, then the decoder's reason."""
    head = "NOT READABLE" if status == "malformed" and not readable else "UNVERIFIED"
    kind = KIND_WORDS.get(status, status)
    return f"{head} - {reason}" if reason.startswith(kind) else f"{head} - {kind}: {reason}"


class StationScreen(Screen):
    app: StationApp

    def compose(self) -> ComposeResult:
        scan = ScanField(self.app.seconds, id="scan")
        yield scan
        yield Static(WAITING, id="banner")
        with Horizontal(id="identity"):
            box = Checkbox(CONFIRM, id="confirm-identity", disabled=True)
            box.can_focus = False
            yield box
            yield Static("", id="identity-status")
        with VerticalScroll(id="case"):
            yield Static("", id="flags")
            yield Static("", id="patient")
            yield Static("", id="answers")
        with Vertical(id="after"):
            yield Static("Pain score after the procedure (0-10):", id="post-pain-label")
            yield PainKeypad(id="post-pain", disabled=True)
            yield Static("", id="relief")
            with Horizontal(id="record"):
                yield InitialsInput(scan, id="staff-initials")
                save = Button("Save case", id="save", variant="primary", disabled=True)
                save.can_focus = False
                yield save
                yield Static("", id="save-status")

    def on_mount(self) -> None:
        self.case: Case | None = None
        self.post: int | None = None
        self.query_one("#scan").focus()

    # --- scanning --------------------------------------------------------------------------

    @on(ScanField.Scanned)
    def _scanned(self, event: ScanField.Scanned) -> None:
        self.show_outcome(self.app.read_scan(event.text))

    def show_outcome(self, outcome: ScanOutcome) -> None:
        scan = self.query_one("#scan", ScanField)
        scan.say(outcome.message)
        decoded = outcome.decoded
        readable = decoded is not None and decoded.summary is not None
        if decoded is None or (outcome.case is None and self.case is not None):
            return  # not a receipt, or half of one: the case on screen stays as it was
        banner = self.query_one("#banner", Static)
        verified = outcome.status == "valid"
        if verified:
            issued = decoded.issued_at.astimezone().strftime("%d %b %H:%M")
            banner.update(f"VERIFIED - kiosk {decoded.kiosk_id}, issued {issued}")
        else:
            banner.update(banner_text(outcome.status, outcome.reason, readable))
        banner.set_class(verified, "-verified")
        banner.set_class(not verified, "-unverified")
        self.case = outcome.case
        self.post = self.case.post_score if self.case else None
        summary = outcome.decoded.summary if self.case else None
        self._draw_summary(summary, verified)
        box = self.query_one("#confirm-identity", Checkbox)
        box.disabled = summary is None
        box.value = bool(self.case and self.case.identity_confirmed)
        self._draw_identity()
        self.query_one("#post-pain", PainKeypad).disabled = summary is None
        self.query_one("#post-pain", PainKeypad).show(self.post)
        initials = self.query_one("#staff-initials", InitialsInput)
        initials.value = (self.case.staff or "") if self.case else ""
        done = self.case and self.case.completed_at
        self.query_one("#save-status", Static).update(
            f"Saved {self.case.completed_at.astimezone():%H:%M} by {self.case.staff}"
            if done
            else ""
        )
        self._draw_relief()
        scan.focus()

    def _draw_summary(self, summary: Summary | None, verified: bool) -> None:
        mark = "" if verified else "UNVERIFIED - "
        flags = Text()
        if summary is None:
            flags.append("Nothing could be decoded from this receipt.")
        elif not summary.flags:
            flags.append(f"{mark}No safety flags")
        else:
            flags.append(f"{mark}SAFETY FLAGS\n", style="bold")
            for flag in summary.flags:
                flags.append(f"{flag.severity.upper():<6} ", style="bold reverse")
                flags.append(f" {flag.text}\n", style="bold")
        self.query_one("#flags", Static).update(flags)
        patient = Text()
        answers = Text()
        if summary is not None:
            born = format_date(summary.date_of_birth) if summary.date_of_birth else "not given"
            age = f" (age {summary.age})" if summary.age is not None else ""
            patient.append(f"{mark}Patient: {summary.patient_name or 'not given'}\n", "bold")
            patient.append(f"Born: {born}{age}")
            for line in summary.answers:
                answers.append(f"{line.label}: ", style="bold")
                answers.append(f"{line.display}\n")
            pain = "not given" if summary.pain_score is None else f"{summary.pain_score}/10"
            answers.append(f"Baseline pain score: {pain}", style="bold")
        self.query_one("#patient", Static).update(patient)
        self.query_one("#answers", Static).update(answers)

    def _draw_identity(self) -> None:
        box = self.query_one("#confirm-identity", Checkbox)
        if self.case is None or box.disabled:  # nothing decoded: no name to check
            text = ""
        else:
            text = "Identity confirmed" if box.value else NOT_CONFIRMED
        self.query_one("#identity-status", Static).update(text)
        self._update_save()

    def _draw_relief(self) -> None:
        widget = self.query_one("#relief", Static)
        if self.case is None:
            widget.update("")
        elif self.post is None:
            widget.update("Enter the pain score after the procedure to see the relief.")
        else:
            thresholds = self.app.config.station.relief_thresholds
            widget.update(relief(self.case.baseline, self.post, thresholds).message)
        self._update_save()

    def _update_save(self) -> None:
        ready = (
            self.case is not None
            and self.post is not None
            and self.query_one("#confirm-identity", Checkbox).value
        )
        self.query_one("#save", Button).disabled = not ready

    # --- after the procedure ---------------------------------------------------------------

    @on(Checkbox.Changed, "#confirm-identity")
    def _identity(self) -> None:
        self._draw_identity()
        self.query_one("#scan").focus()

    @on(PainKeypad.Chosen)
    def _post_pain(self, event: PainKeypad.Chosen) -> None:
        self.post = event.value
        self._draw_relief()

    @on(InitialsInput.Submitted, "#staff-initials")
    def _initials_done(self) -> None:
        self.save()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        status = self.query_one("#save-status", Static)
        initials = self.query_one("#staff-initials", InitialsInput).value.strip().upper()
        if self.case is None or self.post is None:
            status.update("Scan a receipt and enter the pain score first.")
        elif not self.query_one("#confirm-identity", Checkbox).value:
            status.update("Not saved: " + CONFIRM.lower() + " first.")
        elif not initials:
            status.update("Not saved: type your initials.")
        else:
            self.case = self.app.store.complete(
                self.case.id,
                post_score=self.post,
                staff=initials,
                identity_confirmed=True,
                at=self.app.clock(),
            )
            status.update(f"Saved {self.case.completed_at.astimezone():%H:%M} by {initials}")
        self.query_one("#scan").focus()
