"""Review: every answer the patient gave, with 'Change' beside each; Confirm prints the receipt.

The lines come from build_summary, the same code `kiosk summary` and the receipt use; a choice
is said in the words of the button the patient tapped, not the staff's short label.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button

from kiosk.summary import build_summary, display_value
from kiosk.ui.screens.page import display_toggles
from kiosk.ui.widgets.plain import PlainButton, PlainStatic


class ReviewScreen(Screen):
    AUTO_FOCUS = "#review-list"  # arrows scroll the answers; Tab reaches Change and Confirm

    def compose(self) -> ComposeResult:
        session = self.app.session
        now = self.app.now()
        today = now.date()
        summary = build_summary(session.form, session.answers, now)
        with Horizontal(id="topbar"):
            yield PlainStatic("Please check your answers", id="progress")
            yield from display_toggles(self.app)
        with VerticalScroll(id="review-list"):
            for line in summary.answers:
                if line.status == "not_asked":
                    continue
                question = session.form.question(line.question_id)
                if line.status == "answered":
                    value = session.answers[line.question_id]
                    shown = display_value(question, value, today, for_patient=True)
                else:
                    shown = "No answer given"
                with Horizontal(classes="review-row"):
                    # One widget for the question and its answer (said in words, and bold):
                    # the review lists every answer, and each widget costs Textual about 1 ms.
                    text = Content.assemble(question.prompt, "\n", "Your answer: ", (shown, "bold"))
                    yield PlainStatic(text, classes="review-text")
                    yield PlainButton("Change", id=f"change-{line.question_id}", classes="change")
        with Horizontal(id="nav"):
            yield PlainButton("← Back", id="back")
            yield PlainStatic("", classes="gap")
            yield PlainButton("Confirm and print", id="confirm", classes="next")

    @on(Button.Pressed, ".change")
    def change(self, event: Button.Pressed) -> None:
        self.app.change_answer((event.button.id or "").removeprefix("change-"))

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self.app.back_from_review()

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.app.confirm()
