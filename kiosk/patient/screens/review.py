"""Review: every answer the patient gave, with 'Change' beside each; Confirm prints the receipt.

The lines come from build_summary, the same code `kiosk summary` and the receipt use; a choice
is said in the words of the button the patient tapped, not the staff's short label.

The review is the one place that prints, so it is built so that nobody confirms what they have
not seen: 'Confirm and print' stays off until the last answer has been whole on screen (at once
when the list fits), a line above the list says which answers are shown, and 'More answers'
scrolls on. Confirm sits in the middle of the bottom bar, where no page has a button: a second
tap where Next was lands on 'More answers' (or on nothing), never on Confirm.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.core.summary import build_summary, display_value
from kiosk.patient.screens.page import display_toggles
from kiosk.patient.screens.settle import SettlingScreen
from kiosk.patient.widgets.plain import PageTurnButton, PlainButton, PlainStatic


class ReviewScreen(SettlingScreen):
    AUTO_FOCUS = "#review-list"  # arrows scroll the answers; Tab reaches Change and Confirm

    all_seen = False  # True once the last answer has been whole on screen

    def compose(self) -> ComposeResult:
        session = self.kiosk.session
        now = self.kiosk.now()
        today = now.date()
        summary = build_summary(session.form, session.answers, now)
        words = self.kiosk.words
        with Horizontal(id="topbar"):
            yield PlainStatic(words("review.title"), id="progress")
            yield from display_toggles(self.kiosk)
        yield PlainStatic("", id="review-hint")
        with VerticalScroll(id="review-list"):
            for line in summary.answers:
                if line.status == "not_asked":
                    continue
                question = session.form.question(line.question_id)
                if line.status == "answered":
                    value = session.answers[line.question_id]
                    shown = display_value(question, value, today, for_patient=True, words=words)
                else:
                    shown = words("review.no_answer")
                with Horizontal(classes="review-row"):
                    # One widget for the question and its answer (said in words, and bold):
                    # the review lists every answer, and each widget costs Textual about 1 ms.
                    yours = words("review.your_answer")
                    text = Content.assemble(question.prompt, "\n", yours, (shown, "bold"))
                    yield PlainStatic(text, classes="review-text")
                    change = words("review.change")
                    yield PageTurnButton(change, id=f"change-{line.question_id}", classes="change")
        with Horizontal(id="nav"):
            yield PageTurnButton(words("page.back"), id="back")
            yield PlainStatic("", classes="gap")
            locked = words("review.confirm_locked")
            yield PageTurnButton(locked, id="confirm", classes="next", disabled=True)
            yield PlainStatic("", classes="gap")
            yield PlainButton(words("review.more"), id="review-more")

    def on_mount(self) -> None:
        answers = self.query_one("#review-list", VerticalScroll)
        self.watch(answers, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self.update_seen)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_seen)

    def _scrolled(self, _value: float) -> None:
        self.call_after_refresh(self.update_seen)

    def rows_on_screen(self) -> list[int]:
        """Positions (from 0) of the answers whole inside the list's view just now."""
        answers = self.query_one("#review-list", VerticalScroll)
        top = round(answers.scroll_y)
        bottom = top + answers.scrollable_content_region.height
        whole = []
        for n, row in enumerate(answers.query(".review-row")):
            region = row.virtual_region  # within the list, whatever the scroll
            if region.height and top <= region.y and region.bottom <= bottom:
                whole.append(n)
        return whole

    def update_seen(self) -> None:
        if not self.is_attached or self.app.screen is not self:
            return
        answers = self.query_one("#review-list", VerticalScroll)
        rows = len(answers.query(".review-row"))
        if not answers.scrollable_content_region.height:
            return  # not laid out yet
        shown = self.rows_on_screen()
        if rows and shown and shown[-1] == rows - 1:
            self.all_seen = True
        words = self.kiosk.words
        confirm = self.query_one("#confirm", Button)
        confirm.disabled = not self.all_seen
        confirm.label = words("review.confirm" if self.all_seen else "review.confirm_locked")
        more = self.query_one("#review-more", Button)
        at_end = bool(shown) and shown[-1] == rows - 1
        more_had_focus = self.focused is more
        more.disabled = at_end
        if at_end and more_had_focus:
            # Going off, 'More answers' loses the focus, and Textual gives it to '← Back':
            # Enter there would leave the review. The focus goes to the answers (the arrows
            # scroll them; Enter does nothing), not to Confirm: a bounced or repeated Enter
            # must not print. Tab goes on through Change to Confirm.
            self.query_one("#review-list").focus()
        more.label = words("review.end" if at_end else "review.more")
        if shown and len(shown) < rows:
            first, last = shown[0] + 1, shown[-1] + 1
            hint = words("review.some_shown", first=first, last=last, total=rows)
            hint += words("review.tap_more") if not at_end else ""
        else:
            hint = words("review.all_shown", total=rows)
        if self.all_seen:
            hint += words("review.if_right")
        self.query_one("#review-hint", Static).update(hint)

    @on(Button.Pressed, "#review-more")
    def more(self) -> None:
        answers = self.query_one("#review-list", VerticalScroll)
        shown = self.rows_on_screen()
        rows = list(answers.query(".review-row"))
        # Scrolled at once, not after the next refresh: a quick second tap must find the list
        # already moved, or it scrolled to the same place again (a tap lost at 80x24).
        if shown and shown[-1] + 1 < len(rows):
            # The first answer not yet whole goes to the top, so none is passed over half-seen.
            answers.scroll_to(y=rows[shown[-1] + 1].virtual_region.y, animate=False, immediate=True)
        else:
            answers.scroll_end(animate=False, immediate=True)
        self.update_seen()  # Confirm and the hint say so now, not after the next refresh
        # A new view of the answers is like a new page: a quick second tap must not scroll the
        # answers just shown away (or land on Confirm) before they could be read.
        self.kiosk.page_clock.page_changed()

    @on(Button.Pressed, ".change")
    def change(self, event: Button.Pressed) -> None:
        self.kiosk.change_answer((event.button.id or "").removeprefix("change-"))

    @on(Button.Pressed, "#back")
    def back(self) -> None:
        self.kiosk.back_from_review()

    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        if self.all_seen:  # a disabled button posts nothing; this is a second lock
            self.kiosk.confirm()
