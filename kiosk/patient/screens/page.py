"""What every form page shares: progress and display toggles on top, Back / Next at the bottom.

A page screen reads the app's Session and calls the app to move; it keeps no answers itself.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from kiosk.core.messages import Messages, english
from kiosk.patient.contract import Kiosk
from kiosk.patient.font_size import toggle_words
from kiosk.patient.screens.settle import SettlingScreen
from kiosk.patient.widgets.plain import PageTurnButton, PlainButton, PlainStatic
from kiosk.patient.widgets.progress import StepProgress, progress_words


def toggle_labels(
    large_text: bool, high_contrast: bool, can_grow: bool = False, words: Messages | None = None
) -> tuple[str, str]:
    """Labels say the state in words, so it is never shown by colour alone; where the letters
    cannot grow (most terminals) the text button says 'Bold text', which is what it does."""
    words = words or english()
    return (
        toggle_words(can_grow, large_text, words),
        words("display.high_contrast_on" if high_contrast else "display.high_contrast"),
    )


def display_toggles(app: Kiosk) -> ComposeResult:
    """The larger-text and high-contrast buttons shown on every screen (handled by the app)."""
    large, contrast = toggle_labels(
        app.large_text, app.high_contrast, app.letters_can_grow, app.words
    )
    yield PlainButton(large, id="toggle-large", classes="toggle")
    yield PlainButton(contrast, id="toggle-contrast", classes="toggle")


class PageScreen(SettlingScreen):
    """Base for info and question pages. Subclasses give `compose_body` and may `commit()`."""

    # The first answer (or Next) has the focus, never a display toggle: Enter must not toggle.
    AUTO_FOCUS = ".choice, #next"

    def next_label(self) -> str:
        return self.kiosk.words("page.next")

    def __init__(self, page) -> None:
        super().__init__(classes="page")
        self.page = page
        self._advance: Timer | None = None

    def advance_soon(self) -> None:
        """Move on by itself after a short pause (so the mark is seen first), if the app does."""
        self.cancel_advance()
        delay = self.kiosk.auto_advance_s
        if delay is not None:
            self._advance = self.set_timer(delay, self._auto_next)

    def cancel_advance(self) -> None:
        if self._advance is not None:
            self._advance.stop()
            self._advance = None

    def _auto_next(self) -> None:
        self._advance = None
        if self.app.screen is self:
            self.next_pressed()

    def on_screen_suspend(self) -> None:
        self.cancel_advance()

    @property
    def session(self):
        return self.kiosk.session

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield StepProgress(progress_words(self.session, self.kiosk.words), id="progress")
            yield from display_toggles(self.kiosk)
        # The problem line under the answers is mounted when there is one (show_problem), and
        # Next is docked right rather than pushed there by a spacer: each widget of the frame
        # is paid for on every page change (issue 11, item 7).
        with Vertical(id="body"):
            yield from self.compose_body()
        with Horizontal(id="nav"):
            yield PageTurnButton(self.kiosk.words("page.back"), id="back")
            # One button moves on; coming from the review, Next goes back there (or to a page
            # a changed answer opened), so there is no second 'Review' button beside it.
            yield PageTurnButton(self.next_label(), id="next", classes="next")

    def compose_body(self) -> ComposeResult:
        yield from ()

    def commit(self) -> bool:
        """Store what is on screen into the Session; False (with a message shown) if it cannot."""
        return True

    def page_is_complete(self) -> bool:
        """True when the Session finds nothing missing here; else shows the first problem."""
        problems = self.session.page_problems(self.page)
        if problems:
            self.show_problem(problems[0])
        return not problems

    def show_problem(self, text: str) -> None:
        """Under the answers, the full width: a message never squeezed between the buttons.

        Mounted the first time there is something to say (until then its room is the page's);
        from then on it keeps that room, hidden when there is nothing to say. A line that came
        and went moved the keys and answers: the key tap that hid "Please answer this question"
        made the keyboard taller, and the next tap in the same place typed another letter.
        """
        problem = next(self.query("#problem").results(Static), None)
        if problem is None:
            if not text:
                return
            problem = PlainStatic(text, id="problem")
            problem.display = True
            self.query_one("#body").mount(problem)  # a choice page's grid then resizes its rows
        if text:  # hidden, it keeps the words it had, and so its height
            problem.update(text)
        problem.styles.visibility = "visible" if text else "hidden"

    @on(Button.Pressed, "#next")
    def next_pressed(self) -> None:
        if self.commit():
            self.kiosk.go_next()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.kiosk.go_back()

    def key_enter(self) -> None:
        """Enter anywhere that is not a button or text field means Next (also on the scrolling
        text of an information page, which Tab reaches)."""
        if not isinstance(self.focused, Button | Input) and self.commit():
            self.kiosk.go_next()
