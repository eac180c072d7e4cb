"""The station's one screen: verdict, patient and identity check, flags, answers, then the record.

Draws a `ScanOutcome` from the app. Top down, so an 80x24 screen shows the first four without
scrolling: the banner (verification in words, never by colour alone, and a scan that was not
read says so there), the name and date of birth with the identity tick box, every flag worst
first, then the answers. The pain scores and the save line stay at the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from kiosk.core.form import Form
from kiosk.core.form.conditions import clauses, describe
from kiosk.core.form.model import Param
from kiosk.core.summary import AnswerLine, Summary, format_date
from kiosk.station.relief import NOT_JUDGED, judges_relief, low_baseline_max, relief
from kiosk.station.store import Case, StoreError
from kiosk.station.widgets.flag_list import FlagList
from kiosk.station.widgets.identity_check import IdentityCheck
from kiosk.station.widgets.initials import InitialsInput
from kiosk.station.widgets.pain_keypad import PainKeypad
from kiosk.station.widgets.scan_field import ScanField
from kiosk.station.widgets.show import show
from kiosk.station.wording import (
    CONFIRMED,
    NOT_CONFIRMED,
    SEVERITY_WORDS,
    WAITING,
    legend_lines,
    not_asked_for_age,
    stale_banner,
    unverified_banner,
    verified_banner,
)

if TYPE_CHECKING:
    from kiosk.station.app import ScanOutcome, StationApp

CONFIRM = "Confirm name and date of birth with the patient"
BANNER_CLASSES = ("-verified", "-unverified", "-stale")
SEVERITY_STYLE = {
    "stop": "bold #ffffff on #b00020",
    "check": "bold #000000 on #ffd000",
    "note": "bold #000000 on #c8c8c8",
}
"""Each severity's tag (its word and shape say it too). Fixed colours, not theme ones, so the
contrast holds in 16-, 256- and true-colour terminals (tests/test_station_look.py)."""


class StationScreen(Screen):
    app: StationApp

    def compose(self) -> ComposeResult:
        scan = ScanField(self.app.seconds, id="scan")
        yield scan
        yield Static(WAITING, id="banner")
        yield Static("", id="patient")
        with Horizontal(id="identity"):
            yield IdentityCheck(id="confirm-identity", disabled=True)
            yield Static("", id="identity-status")
        with VerticalScroll(id="case"):
            yield FlagList(id="flags")
            yield Static("", id="legend")
            yield Static("", id="answers")
        with Vertical(id="after"):
            with Horizontal(classes="score"):
                yield Static("Pain before, in room:", classes="score-label")
                yield PainKeypad(id="room-pain", disabled=True)
            with Horizontal(classes="score"):
                yield Static("Pain after procedure:", id="post-pain-label", classes="score-label")
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
        self.summary: Summary | None = None
        self.post: int | None = None
        # Looked up once: a scan updates all of these, and the screen keeps them all its life.
        self.scan = self.query_one("#scan", ScanField)
        self.banner = self.query_one("#banner", Static)
        self.flags = self.query_one("#flags", FlagList)
        self.legend = self.query_one("#legend", Static)
        self.patient = self.query_one("#patient", Static)
        self.answers = self.query_one("#answers", Static)
        self.case_view = self.query_one("#case", VerticalScroll)
        self.identity_box = self.query_one("#confirm-identity", IdentityCheck)
        self.identity_status = self.query_one("#identity-status", Static)
        self.room_keypad = self.query_one("#room-pain", PainKeypad)
        self.keypad = self.query_one("#post-pain", PainKeypad)
        self.relief = self.query_one("#relief", Static)
        self.initials = self.query_one("#staff-initials", InitialsInput)
        self.save_button = self.query_one("#save", Button)
        self.save_status = self.query_one("#save-status", Static)
        self.scan.focus()

    def _keep_scan_focus(self) -> None:
        if not self.scan.has_focus:  # focus() repaints the field even when it has the focus
            self.scan.focus()

    def _set_banner(self, text: str, kind: str | None) -> None:
        show(self.banner, text)
        for name in BANNER_CLASSES:
            self.banner.set_class(name == kind, name)

    # --- scanning --------------------------------------------------------------------------

    @on(ScanField.Scanned)
    def _scanned(self, event: ScanField.Scanned) -> None:
        self.show_outcome(self.app.read_scan(event.text))

    def show_outcome(self, outcome: ScanOutcome) -> None:
        self.scan.say(outcome.message)
        decoded = outcome.decoded
        readable = decoded is not None and decoded.summary is not None
        if decoded is None or (outcome.case is None and self.case is not None):
            # Not a receipt, or half of one: the case on screen stays, and the banner says so.
            self._show_not_read(outcome.message)
            return
        verified = outcome.status == "valid"
        if verified:
            self._set_banner(verified_banner(decoded.kiosk_id, decoded.issued_at), "-verified")
        else:
            banner = unverified_banner(outcome.status, outcome.reason, readable=readable)
            self._set_banner(banner, "-unverified")
        new_case = outcome.case is None or self.case is None or outcome.case.id != self.case.id
        self.case = outcome.case
        self.post = self.case.post_score if self.case else None
        self.summary = decoded.summary if self.case else None
        self._draw_summary(self.summary, verified)
        if new_case:
            self.case_view.scroll_home(animate=False)  # the next patient's flags, from the top
        self.identity_box.disabled = self.summary is None
        self.query_one("#identity").display = self.summary is not None  # no name: no tick box
        self.identity_box.value = bool(self.case and self.case.identity_confirmed)
        self._draw_identity()
        self.room_keypad.show(self.case.room_baseline if self.case else None)
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

    def _show_not_read(self, why: str) -> None:
        if self.case is None:
            self._set_banner(stale_banner(None, None, why), "-stale")
            return
        name = self.summary.patient_name if self.summary else None
        self._set_banner(stale_banner(name, self.case.scanned_at, why), "-stale")

    def _draw_summary(self, summary: Summary | None, verified: bool) -> None:
        mark = "" if verified else "UNVERIFIED - "
        self.flags.set_class(summary is not None and not summary.flags, "-none")
        if summary is None:
            self.flags.show_flags(("Nothing could be decoded from this receipt.", ""), [])
        elif not summary.flags:
            self.flags.show_flags((f"{mark}No safety flags", ""), [])
        else:
            counts = ", ".join(
                f"{n} {s.upper()}"
                for s in ("stop", "check", "note")
                if (n := sum(f.severity == s for f in summary.flags))
            )
            rows = [
                (f" {SEVERITY_WORDS[f.severity]:<7} ", SEVERITY_STYLE[f.severity], f.text)
                for f in summary.flags
            ]
            self.flags.show_flags((f"{mark}SAFETY FLAGS ({counts})", "bold"), rows)
        legend = "\n".join(legend_lines()) if summary is not None and summary.flags else ""
        show(self.legend, legend)
        self.legend.display = bool(legend)
        patient: list[str | tuple[str, str]] = []
        answers: list[str | tuple[str, str]] = []
        if summary is not None:
            form = self._form(summary)
            born = format_date(summary.date_of_birth) if summary.date_of_birth else "not given"
            age = f" (age {summary.age})" if summary.age is not None else ""
            patient += [(f"{mark}Patient: {summary.patient_name or 'not given'}", "bold")]
            patient += [("   Born: ", "bold"), (f"{born}{age}", "bold")]
            for line in self._not_asked_for_age(form, summary):
                patient += ["\n", (line, "bold")]
            shown_above, pain_line = self._shown_elsewhere(form, summary)
            for line in summary.answers:
                if line.question_id not in shown_above:
                    answers += [(f"{line.label}: ", "bold"), line.display]
                    if line.staff_note:  # "No. A No is not the pregnancy check: ..."
                        answers += [f". {line.staff_note}"]
                    answers += ["\n"]
            if summary.baseline is not None:
                pain = summary.baseline.shown
                if pain_line is not None:
                    pain = pain_line.display  # with its word: "7/10 Bad"
                answers += [(f"{summary.baseline.label} (kiosk): {pain}", "bold")]
        show(self.patient, Content.assemble(*patient))
        self.patient.display = bool(patient)
        show(self.answers, Content.assemble(*answers))

    def _form(self, summary: Summary) -> Form | None:
        return next(
            (
                f
                for f in self.app.forms
                if (f.id, f.version) == (summary.form_id, summary.form_version)
            ),
            None,
        )

    @staticmethod
    def _not_asked_for_age(form: Form | None, summary: Summary) -> list[str]:
        """Questions the age from the date of birth hid: a wrong year hides them silently."""
        if form is None or summary.age is None:
            return []
        lines = []
        for question in form.questions:
            if question.show_if is None:
                continue
            ages = [c for c in clauses(question.show_if) if c.question == "age"]
            if not ages or summary.answer(question.id).status != "not_asked":
                continue
            bounds = {}
            for clause in ages:
                value = clause.answer
                value = form.parameters[value.param] if isinstance(value, Param) else value
                bounds[clause.operator] = value
            if set(bounds) == {">=", "<="}:
                asked = f"asked at ages {bounds['>=']}-{bounds['<=']}"
            else:
                asked = "asked only when " + describe(question.show_if, form)
            lines.append(not_asked_for_age(question.label, summary.age, asked))
        return lines

    @staticmethod
    def _shown_elsewhere(form: Form | None, summary: Summary) -> tuple[set[str], AnswerLine | None]:
        """Questions not repeated in the answers: the form's patient block (name and date of
        birth under Patient, the baseline as the last line, as on the receipt); and the
        baseline's answer line, when answered."""
        if form is None:
            return set(), None
        block = set(form.patient_block)
        baseline = summary.baseline.question_id if summary.baseline else None
        pain_line = next((a for a in summary.answers if a.question_id == baseline), None)
        if pain_line is not None and pain_line.status != "answered":
            pain_line = None
        return block, pain_line

    def _draw_identity(self) -> None:
        confirmed = self.identity_box.value
        if self.case is None or self.identity_box.disabled:  # nothing decoded: no name to check
            text = ""
        else:
            text = CONFIRMED if confirmed else NOT_CONFIRMED
        show(self.identity_status, text)
        self.identity_status.set_class(bool(text) and confirmed, "-confirmed")
        self.identity_status.set_class(bool(text) and not confirmed, "-not-confirmed")
        # Identity first: the pain scores belong to this patient only once they are confirmed.
        locked = self.case is None or self.identity_box.disabled or not confirmed
        self.room_keypad.disabled = locked
        self.keypad.disabled = locked
        self._update_save()

    def _draw_relief(self) -> None:
        if self.case is None:
            text = ""
        elif self.post is None:
            text = "Enter the pain score after the procedure to see the relief."
        elif not judges_relief(form := self._form(self.summary) if self.summary else None):
            text = f"{NOT_JUDGED}. The score after is saved with the case."
        else:
            thresholds = self.app.config.station.relief_thresholds
            low = low_baseline_max(form)
            result = relief(self.case.relief_baseline, self.post, thresholds, low)
            text = result.message
            if self.case.room_baseline is not None:
                kiosk = "none" if self.case.baseline is None else self.case.baseline
                text = f"From the in-room score {self.case.room_baseline} (kiosk {kiosk}): {text}"
        show(self.relief, text)
        self._update_save()

    def _update_save(self) -> None:
        ready = self.case is not None and self.post is not None and self.identity_box.value
        self.save_button.disabled = not ready

    # --- after the procedure ---------------------------------------------------------------

    @on(IdentityCheck.Changed, "#confirm-identity")
    def _identity(self) -> None:
        self._draw_identity()
        self._keep_scan_focus()

    @on(PainKeypad.Chosen, "#room-pain")
    def _room_pain(self, event: PainKeypad.Chosen) -> None:
        if self.case is not None:
            try:
                self.case = self.app.store.set_room_baseline(self.case.id, event.value)
            except StoreError as exc:
                show(self.save_status, f"In-room score not saved: {exc.problems[0]}. Tell IT.")
        self._draw_relief()

    @on(PainKeypad.Chosen, "#post-pain")
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
            try:
                self.case = self.app.store.complete(
                    self.case.id,
                    post_score=self.post,
                    staff=initials,
                    identity_confirmed=True,
                    at=self.app.clock(),
                )
            except StoreError as exc:
                show(self.save_status, f"Not saved: {exc.problems[0]}. Write it down; tell IT.")
            else:
                at = self.case.completed_at.astimezone()
                show(self.save_status, f"Saved {at:%H:%M} by {initials}")
        self._keep_scan_focus()
