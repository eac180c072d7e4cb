"""A scale question (the pain score): one button per point with words; digits and arrows work.

On a keyboard, 10 is typed as "1" then "0" in quick succession (or reached with the arrows).
"""

from __future__ import annotations

from time import monotonic

from textual import events
from textual.app import ComposeResult
from textual.widgets import Static

from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.pain_scale import PainScale, ScaleEnds
from kiosk.patient.widgets.plain import PlainStatic

TWO_DIGIT_GAP_S = 1.0  # "1" then "0" within this time is 10, not 0


class ScaleScreen(PageScreen):
    _last_digit: tuple[str, float] = ("", 0.0)

    def compose_body(self) -> ComposeResult:
        yield PlainStatic(self.page.prompt, id="prompt")
        if self.page.help:
            yield PlainStatic(self.page.help, id="help")
        value = self.session.answers.get(self.page.id)
        yield PainScale(self.page.min, self.page.max, self.page.words, value, id="pain-scale")
        yield ScaleEnds(
            f"{self.page.min} = {self.page.min_label}", f"{self.page.max} = {self.page.max_label}"
        )
        yield PlainStatic(self._chosen_text(value), id="pain-chosen")

    def _chosen_text(self, value: int | None) -> str:
        if value is None:
            return ""
        word = self.page.words[value - self.page.min] if self.page.words else ""
        if word:
            return self.kiosk.words("scale.selected_word", value=value, word=word)
        return self.kiosk.words("scale.selected", value=value)

    def choose(self, value: int, advance: bool) -> None:
        self.session.set_answer(self.page.id, value)
        self.query_one(PainScale).show_selected(value)
        self.query_one("#pain-chosen", Static).update(self._chosen_text(value))
        self.show_problem("")
        if advance:
            self.advance_soon()
        else:
            self.cancel_advance()

    def on_pain_scale_chosen(self, event: PainScale.Chosen) -> None:
        self.choose(event.value, advance=True)

    def on_key(self, event: events.Key) -> None:
        current = self.session.answers.get(self.page.id)
        if event.character and event.character.isdigit():
            self.choose(self._typed_value(event.character), advance=False)
        elif event.key in ("left", "right"):
            step = -1 if event.key == "left" else 1
            start = current if current is not None else (self.page.min - step)
            self.choose(max(self.page.min, min(self.page.max, start + step)), advance=False)
        else:
            return
        event.stop()

    def _typed_value(self, digit: str) -> int:
        previous, at = self._last_digit
        now = monotonic()
        self._last_digit = (digit, now)
        value = int(digit)
        if (
            previous
            and now - at < TWO_DIGIT_GAP_S
            and self.page.min <= int(previous + digit) <= self.page.max
        ):
            value = int(previous + digit)
            self._last_digit = ("", 0.0)
        return max(self.page.min, min(self.page.max, value))

    def commit(self) -> bool:
        self.cancel_advance()
        return self.page_is_complete()
