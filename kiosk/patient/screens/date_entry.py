"""Date of birth as day / month / year boxes filled from a numeric keypad: no separators to type.

A full box moves on to the next one; Next stores a real date in the Session or says what is wrong.
Digits from the keypad and from a keyboard take the same path (`type_digit`), which tracks the
box being filled itself: focus moves later than fast typing arrives, so it cannot be relied on.
"""

from __future__ import annotations

from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from kiosk.core.answers import date_problem_for_patient
from kiosk.errors import AnswerError
from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.keyboard import KeyTapped
from kiosk.patient.widgets.keypad import Keypad
from kiosk.patient.widgets.plain import PlainLabel, PlainStatic

PARTS = (("day", 2), ("month", 2), ("year", 4))
"""Each box and its digits; its label and hint are `date.<part>` and `date.<part>_hint`."""
NAMES = [name for name, _ in PARTS]
BOX_COLUMNS = 10  # a day or month box and the gap after it (app.tcss: #date-boxes)


class DatePart(Input):
    """One box; typed digits go through the screen so a full box hands on to the next one."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit():
            event.stop()
            event.prevent_default()
            self.screen.type_digit(event.character)
            return
        if event.key == "backspace":  # as the keypad's Delete: an empty box goes back one
            event.stop()
            event.prevent_default()
            self.screen.delete_digit()
            return
        await super()._on_key(event)


class DateEntryScreen(PageScreen):
    _current = "day"  # the box digits go into
    _arrived = False  # True until a digit is typed into the box just moved to
    _moved_to: Input | None = None

    def compose_body(self) -> ComposeResult:
        yield PlainStatic(self.page.prompt, id="prompt")
        if self.page.help:
            yield PlainStatic(self.page.help, id="help")
        value: date | None = self.session.answers.get(self.page.id)
        start = {"day": value.day, "month": value.month, "year": value.year} if value else {}
        with Horizontal(id="date-row"):
            with Vertical(id="date-parts"):
                # One line of labels over the three boxes (not a label and a box in a column
                # each: six widgets fewer to build on every visit; issue 11, item 7).
                words = self.kiosk.words
                day, month, year = (words(f"date.{part}") for part in NAMES)
                yield PlainLabel(
                    f"{day:<{BOX_COLUMNS}}{month:<{BOX_COLUMNS}}{year}", id="date-labels"
                )
                with Horizontal(id="date-boxes"):
                    for part, length in PARTS:
                        yield DatePart(
                            f"{start[part]:0{length}d}" if part in start else "",
                            placeholder=words(f"date.{part}_hint"),
                            id=f"input-{self.page.id}-{part}",
                            max_length=length,
                            restrict=r"[0-9]*",
                            classes=f"part-{part}",
                        )
            yield Keypad(
                done_label=None, words=self.kiosk.words, id="keypad"
            )  # Next is below: one way on

    def on_mount(self) -> None:
        self._move_to("day")

    def refocus(self) -> None:
        """Back to the box being filled, as it was (after a display toggle took the focus)."""
        self._moved_to = self._part(self._current)
        self._moved_to.focus()

    def _part(self, part: str) -> Input:
        return self.query_one(f"#input-{self.page.id}-{part}", Input)

    def _move_to(self, part: str) -> Input:
        """Make `part` the box being filled. Arriving at a full box (a date given before, come
        back to from the review) means the next digit starts that box over."""
        self._current, self._arrived = part, True
        field = self._part(part)
        self._moved_to = field
        field.focus()
        return field

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A box tapped by the patient becomes the one being filled."""
        if event.widget is self._moved_to:  # the focus _move_to asked for, arriving late
            self._moved_to = None
            return
        for part in NAMES:
            if event.widget is self._part(part):
                self._current, self._arrived = part, True

    def type_digit(self, digit: str) -> None:
        part = self._current
        field = self._part(part)
        if len(field.value) >= field.max_length:
            if not self._arrived:  # filled by this typing: go on to the next box
                if part == "year":
                    return
                part = NAMES[NAMES.index(part) + 1]
                field = self._move_to(part)
            if len(field.value) >= field.max_length:
                field.value = ""
        self._arrived = False
        field.value += digit
        field.cursor_position = len(field.value)
        if len(field.value) == field.max_length and part != "year":
            self._move_to(NAMES[NAMES.index(part) + 1])
        self.show_problem("")

    def delete_digit(self) -> None:
        field = self._part(self._current)
        if not field.value and self._current != "day":
            field = self._move_to(NAMES[NAMES.index(self._current) - 1])
        field.value = field.value[:-1]
        field.cursor_position = len(field.value)
        self.show_problem("")

    def on_key(self, event: events.Key) -> None:
        """Digits typed while a button has the focus (Next, tapped too early) still fill the
        box being filled: the patient should not have to find the box first."""
        if event.character is not None and event.character.isdigit():
            event.stop()
            self.type_digit(event.character)
            self.refocus()

    def on_key_tapped(self, event: KeyTapped) -> None:
        event.stop()
        if event.key == "done":
            self.next_pressed()
        elif event.key == "backspace":
            self.delete_digit()
        elif event.key.isdigit():
            self.type_digit(event.key)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.next_pressed()

    def commit(self) -> bool:
        words = self.kiosk.words
        values = [self._part(part).value for part, _ in PARTS]
        if not all(values):
            self.show_problem(words("date.fill_in"))
            return False
        day, month, year = (int(v) for v in values)
        if len(values[2]) != 4:
            self.show_problem(words("date.four_digits"))
            return False
        try:
            value = date(year, month, day)
        except ValueError:
            self.show_problem(words("date.no_such_date"))
            return False
        session = self.session
        problem = date_problem_for_patient(session.form, self.page, value, session.today, words)
        if problem:
            self.show_problem(problem)
            return False
        try:
            self.session.set_answer(self.page.id, value)
        except AnswerError as exc:  # the rules above are the form's; this is a safety net
            self.show_problem(exc.problems[0].message)
            return False
        return True
