"""A single- or multiple-choice question: big rows in a grid that fits the screen without scrolling.

On a keyboard nothing has the focus at first, so Enter means Next and never picks an answer the
patient has not looked at (a second Enter from the page before, or on a page come back to). The
arrows move between the answers as they are laid out, starting from the one chosen, and Enter
picks one. The screen counts the moves itself: focus follows later than arrows typed in a burst.

A tap stores the answer in the Session at once and marks it; Next moves on, on every kind of
question alike. (Moving on by itself after `app.auto_advance_s` is off by default: a tap on Next
just after it landed on the next page's button and skipped that page.)
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid

from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.choice_button import ChoiceButton
from kiosk.patient.widgets.plain import PlainStatic


class ChoiceGrid(Grid):
    """The answers' grid: when its room changes, the rows are sized again. That is on a new
    terminal size, and once when the "please answer" line first takes its room under the
    answers, while the finger is on Next (the line keeps its room after, so nothing moves
    again)."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, ChoiceScreen):
            self.call_after_refresh(screen.size_rows)


class ChoiceScreen(PageScreen):
    AUTO_FOCUS = ""
    _cursor: int | None = None  # the answer the arrows are on, once one has been pressed
    _arrowed: ChoiceButton | None = None  # the last answer the arrows focused

    @property
    def multiple(self) -> bool:
        return self.page.type == "multiple"

    def _chosen(self) -> tuple[str, ...]:
        value = self.session.answers.get(self.page.id)
        if value is None:
            return ()
        return tuple(value) if self.multiple else (value,)

    def compose_body(self) -> ComposeResult:
        yield PlainStatic(self.page.prompt, id="prompt")
        # One instruction, not two: a form's help says how to answer in its own words ("Tap
        # all that you take."), so the kiosk's own hint is only for a multiple choice without.
        if self.page.help:
            yield PlainStatic(self.page.help, id="help")
        elif self.multiple:
            yield PlainStatic(self.kiosk.words("choice.tap_all"), id="hint")
        options = self.page.options
        self.columns = columns = 1 if len(options) <= 4 else 2
        grid = ChoiceGrid(id="choices", classes=f"columns-{columns}")
        grid.styles.grid_size_columns = columns
        chosen = self._chosen()
        with grid:
            for option in options:
                yield ChoiceButton(
                    option.text,
                    multiple=self.multiple,
                    selected=option.id in chosen,
                    selected_word=self.kiosk.words("choice.selected"),
                    id=f"answer-{self.page.id}-{option.id}",
                    classes="choice",
                )
        if self._all_notes():
            # Under the answers, in room kept for it from the start (hidden until an answer
            # with a note is chosen): shown above them, it pushed the answers down, and a second
            # tap in the same place chose the answer above ("Taxi" for "I am driving myself").
            notes = self._notes()
            note = PlainStatic(notes or self._all_notes(), id="answer-note")
            note.styles.visibility = "visible" if notes else "hidden"
            yield note

    def on_resize(self) -> None:
        self.call_after_refresh(self.size_rows)

    def size_rows(self) -> None:
        """Answer rows 3 to 5 lines high, with a line between them when there is room: the
        same look at 80x24 and 200x60, never stretched to fill the screen."""
        if not self.is_attached:
            return
        grid = self.query_one("#choices", Grid)
        room = grid.size.height
        if self.columns == 1 and room and len(self.page.options) * 3 > room:
            # One column would not fit at 3 lines an answer (80x24 in high contrast, with room
            # kept for a note): two columns, rather than a clipped last answer.
            self.columns = grid.styles.grid_size_columns = 2
        rows = -(-len(self.page.options) // self.columns)
        gap = 1 if room >= rows * 4 - 1 else 0
        height = max(3, min(5, (room - gap * (rows - 1)) // rows)) if room else 3
        if (grid.styles.grid_gutter_vertical, str(grid.styles.grid_rows)) != (gap, f"{height}"):
            grid.styles.grid_gutter_vertical = gap
            grid.styles.grid_rows = f"{height}"

    def _notes(self) -> str:
        """What the form says to the patient about the answers chosen (e.g. not to drive)."""
        chosen = self._chosen()
        return " ".join(o.note for o in self.page.options if o.note and o.id in chosen)

    def _all_notes(self) -> str:
        """Every note of the page: the most room the note line can need."""
        return " ".join(o.note for o in self.page.options if o.note)

    def on_key(self, event: events.Key) -> None:
        steps = {"up": -self.columns, "down": self.columns, "left": -1, "right": 1}
        if event.key not in steps:
            return
        event.stop()
        buttons = list(self.query(ChoiceButton))
        if self._cursor is None:
            chosen = [n for n, button in enumerate(buttons) if button.selected]
            self._cursor = chosen[0] if chosen else 0
        else:
            self._cursor = max(0, min(len(buttons) - 1, self._cursor + steps[event.key]))
        self._arrowed = buttons[self._cursor]
        self._arrowed.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """An answer focused by Tab or a tap is where the arrows go on from."""
        if isinstance(event.widget, ChoiceButton) and event.widget is not self._arrowed:
            self._cursor = list(self.query(ChoiceButton)).index(event.widget)

    def on_button_pressed(self, event: ChoiceButton.Pressed) -> None:
        if not isinstance(event.button, ChoiceButton):
            return
        event.stop()
        option_id = (event.button.id or "").removeprefix(f"answer-{self.page.id}-")
        option = next(o for o in self.page.options if o.id == option_id)
        if self.multiple:
            chosen = set(self._chosen())
            if option_id in chosen:
                chosen.discard(option_id)
            elif option.exclusive:
                chosen = {option_id}
            else:
                exclusive = {o.id for o in self.page.options if o.exclusive}
                chosen = (chosen - exclusive) | {option_id}
            value = tuple(o.id for o in self.page.options if o.id in chosen)
            self.session.set_answer(self.page.id, value or None)
            finished = option.exclusive and option_id in chosen
        else:
            self.session.set_answer(self.page.id, option_id)
            finished = True
        chosen_now = self._chosen()
        for button in self.query(ChoiceButton):
            oid = (button.id or "").removeprefix(f"answer-{self.page.id}-")
            button.show_selected(oid in chosen_now)
        self.show_problem("")
        notes = self._show_notes()
        if finished and not notes:  # a note waits for Next, so that it is read
            self.advance_soon()
        else:
            self.cancel_advance()

    def _show_notes(self) -> str:
        """Show the chosen answers' notes, or hide the line; its room stays, so nothing moves."""
        notes = self._notes()
        for note in self.query("#answer-note").results(PlainStatic):
            note.update(notes or self._all_notes())
            note.styles.visibility = "visible" if notes else "hidden"
        return notes

    def commit(self) -> bool:
        self.cancel_advance()
        return self.page_is_complete()
