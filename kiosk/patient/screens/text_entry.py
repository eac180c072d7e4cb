"""A text question (name, questions for the doctor) with an on-screen keyboard and a clear field.

The field is only the patient's typing in progress; Next (or Enter) stores it in the Session.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input

from kiosk.core.answers import text_problem_for_patient
from kiosk.errors import AnswerError
from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.keyboard import KeyTapped, OnScreenKeyboard, key_button
from kiosk.patient.widgets.plain import PlainStatic

WORD_BREAKS = " -'"


class TextEntryScreen(PageScreen):
    def compose_body(self) -> ComposeResult:
        yield PlainStatic(self.page.prompt, id="prompt")
        if self.page.help:
            yield PlainStatic(self.page.help, id="help")
        value = self.session.answers.get(self.page.id, "")
        with Horizontal(id="entry"):
            yield Input(
                value,
                id=f"input-{self.page.id}",
                max_length=self.page.max_length,
                select_on_focus=False,
            )
            yield key_button("clear", self.kiosk.words("keys.clear"))
        # No 'Done' key: Next below is the one way on (and Enter on a real keyboard).
        free = self.page.charset == "free"
        yield OnScreenKeyboard(
            free_text=free, done_key=False, words=self.kiosk.words, id="keyboard"
        )

    def on_mount(self) -> None:
        self._field.focus()
        self._auto_shift()

    def refocus(self) -> None:
        self._field.focus()

    @property
    def _field(self) -> Input:
        return self.query_one(f"#input-{self.page.id}", Input)

    def _auto_shift(self) -> None:
        """Names start each word with a capital, as a phone keyboard does."""
        if self.page.charset == "name":
            text = self._field.value
            self.query_one(OnScreenKeyboard).set_shift(not text or text[-1] in WORD_BREAKS)

    @on(Button.Pressed, "#key-clear")
    def clear(self) -> None:
        self._field.value = ""
        self._auto_shift()

    def on_key_tapped(self, event: KeyTapped) -> None:
        event.stop()
        field = self._field
        keyboard = self.query_one(OnScreenKeyboard)
        if event.key == "done":
            self.next_pressed()
            return
        if event.key == "backspace":
            field.action_delete_left()
        else:
            char = keyboard.character(event.key)
            if char is not None:
                field.insert_text_at_cursor(char)
            keyboard.set_shift(False)
        self._auto_shift()
        self.show_problem("")

    @on(Input.Changed)
    def typed(self) -> None:
        """Typing on a real keyboard keeps the on-screen Shift in step, as tapping does."""
        self._auto_shift()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.next_pressed()

    def commit(self) -> bool:
        text = " ".join(self._field.value.split())
        problem = text_problem_for_patient(self.page, text, self.kiosk.words) if text else None
        if problem:
            self.show_problem(problem)
            return False
        try:
            self.session.set_answer(self.page.id, text or None)
        except AnswerError as exc:  # the rules above are the form's; this is a safety net
            message = exc.problems[0].message
            self.show_problem(message[:1].upper() + message[1:])
            return False
        return self.page_is_complete()
