"""The station's one screen: banner, flags, patient, answers, then the after-procedure record.

Draws a `ScanOutcome` from the app. Verification is said in words in `#banner`, never by
colour alone; an unverified receipt is shown in full but marked UNVERIFIED on every section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Static

from kiosk.station.relief import relief
from kiosk.station.store import Case
from kiosk.station.widgets.initials import InitialsInput
from kiosk.station.widgets.pain_keypad import PainKeypad
from kiosk.station.widgets.scan_field import ScanField
from kiosk.station.widgets.show import show
from kiosk.station.wording import (
    WAITING,
    unverified_banner,
    verified_banner,
)
from kiosk.summary import AnswerLine, Summary, format_date

if TYPE_CHECKING:
    from kiosk.station.app import ScanOutcome, StationApp

CONFIRM = "Confirm name and date of birth with the patient"
NOT_CONFIRMED = "NOT YET CONFIRMED: " + CONFIRM.lower().replace("confirm ", "check ", 1)


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
        # Looked up once: a scan updates all of these, and the screen keeps them all its life.
        self.scan = self.query_one("#scan", ScanField)
        self.banner = self.query_one("#banner", Static)
        self.flags = self.query_one("#flags", Static)
        self.patient = self.query_one("#patient", Static)
        self.answers = self.query_one("#answers", Static)
        self.identity_box = self.query_one("#confirm-identity", Checkbox)
        self.identity_status = self.query_one("#identity-status", Static)
        self.keypad = self.query_one("#post-pain", PainKeypad)
        self.relief = self.query_one("#relief", Static)
        self.initials = self.query_one("#staff-initials", InitialsInput)
        self.save_button = self.query_one("#save", Button)
        self.save_status = self.query_one("#save-status", Static)
        self.scan.focus()

    def _keep_scan_focus(self) -> None:
        if not self.scan.has_focus:  # focus() repaints the field even when it has the focus
            self.scan.focus()

    # --- scanning --------------------------------------------------------------------------

    @on(ScanField.Scanned)
    def _scanned(self, event: ScanField.Scanned) -> None:
        self.show_outcome(self.app.read_scan(event.text))

    def show_outcome(self, outcome: ScanOutcome) -> None:
        self.scan.say(outcome.message)
        decoded = outcome.decoded
        readable = decoded is not None and decoded.summary is not None
        if decoded is None or (outcome.case is None and self.case is not None):
            return  # not a receipt, or half of one: the case on screen stays as it was
        verified = outcome.status == "valid"
        if verified:
            show(self.banner, verified_banner(decoded.kiosk_id, decoded.issued_at))
        else:
            show(self.banner, unverified_banner(outcome.status, outcome.reason, readable=readable))
        self.banner.set_class(verified, "-verified")
        self.banner.set_class(not verified, "-unverified")
        self.case = outcome.case
        self.post = self.case.post_score if self.case else None
        summary = decoded.summary if self.case else None
        self._draw_summary(summary, verified)
        self.identity_box.disabled = summary is None
        self.identity_box.value = bool(self.case and self.case.identity_confirmed)
        self._draw_identity()
        self.keypad.disabled = summary is None
        self.keypad.show(self.post)
        self.initials.value = (self.case.staff or "") if self.case else ""
        done = self.case and self.case.completed_at
        show(
            self.save_status,
            f"Saved {self.case.completed_at.astimezone():%H:%M} by {self.case.staff}"
            if done
            else "",
        )
        self._draw_relief()
        self._keep_scan_focus()

    def _draw_summary(self, summary: Summary | None, verified: bool) -> None:
        mark = "" if verified else "UNVERIFIED - "
        if summary is None:
            flags = ["Nothing could be decoded from this receipt."]
        elif not summary.flags:
            flags = [f"{mark}No safety flags"]
        else:
            flags = [(f"{mark}SAFETY FLAGS\n", "bold")]
            for flag in summary.flags:
                flags += [
                    (f"{flag.severity.upper():<6} ", "bold reverse"),
                    (f" {flag.text}\n", "bold"),
                ]
        show(self.flags, Content.assemble(*flags))
        patient: list[str | tuple[str, str]] = []
        answers: list[str | tuple[str, str]] = []
        if summary is not None:
            born = format_date(summary.date_of_birth) if summary.date_of_birth else "not given"
            age = f" (age {summary.age})" if summary.age is not None else ""
            patient += [(f"{mark}Patient: {summary.patient_name or 'not given'}\n", "bold")]
            patient += [f"Born: {born}{age}"]
            shown_above, pain_line = self._shown_elsewhere(summary)
            for line in summary.answers:
                if line.question_id not in shown_above:
                    answers += [(f"{line.label}: ", "bold"), f"{line.display}\n"]
            pain = "not given" if summary.pain_score is None else f"{summary.pain_score}/10"
            if pain_line is not None:
                pain = pain_line.display  # with its word: "7/10 Bad"
            answers += [(f"Baseline pain score: {pain}", "bold")]
        show(self.patient, Content.assemble(*patient))
        show(self.answers, Content.assemble(*answers))

    def _shown_elsewhere(self, summary: Summary) -> tuple[set[str], AnswerLine | None]:
        """Questions not repeated in the answers: name and date of birth (shown under Patient)
        and the pain scale (the last line, as the baseline); and that pain scale's line."""
        form = next(
            (
                f
                for f in self.app.forms
                if (f.id, f.version) == (summary.form_id, summary.form_version)
            ),
            None,
        )
        if form is None:
            return set(), None
        scale = next((q.id for q in form.questions if q.type == "scale"), None)
        pain_line = next((line for line in summary.answers if line.question_id == scale), None)
        if pain_line is not None and pain_line.status != "answered":
            pain_line = None
        return {form.name_from, form.age_from, scale} - {None}, pain_line

    def _draw_identity(self) -> None:
        if self.case is None or self.identity_box.disabled:  # nothing decoded: no name to check
            text = ""
        else:
            text = "Identity confirmed" if self.identity_box.value else NOT_CONFIRMED
        show(self.identity_status, text)
        self._update_save()

    def _draw_relief(self) -> None:
        if self.case is None:
            text = ""
        elif self.post is None:
            text = "Enter the pain score after the procedure to see the relief."
        else:
            thresholds = self.app.config.station.relief_thresholds
            text = relief(self.case.baseline, self.post, thresholds).message
        show(self.relief, text)
        self._update_save()

    def _update_save(self) -> None:
        ready = self.case is not None and self.post is not None and self.identity_box.value
        self.save_button.disabled = not ready

    # --- after the procedure ---------------------------------------------------------------

    @on(Checkbox.Changed, "#confirm-identity")
    def _identity(self) -> None:
        self._draw_identity()
        self._keep_scan_focus()

    @on(PainKeypad.Chosen)
    def _post_pain(self, event: PainKeypad.Chosen) -> None:
        self.post = event.value
        self._draw_relief()

    @on(InitialsInput.Submitted, "#staff-initials")
    def _initials_done(self) -> None:
        self.save()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        initials = self.initials.value.strip().upper()
        if self.case is None or self.post is None:
            show(self.save_status, "Scan a receipt and enter the pain score first.")
        elif not self.identity_box.value:
            show(self.save_status, "Not saved: " + CONFIRM.lower() + " first.")
        elif not initials:
            show(self.save_status, "Not saved: type your initials.")
        else:
            self.case = self.app.store.complete(
                self.case.id,
                post_score=self.post,
                staff=initials,
                identity_confirmed=True,
                at=self.app.clock(),
            )
            at = self.case.completed_at.astimezone()
            show(self.save_status, f"Saved {at:%H:%M} by {initials}")
        self._keep_scan_focus()
