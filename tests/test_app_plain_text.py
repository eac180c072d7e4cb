"""Words reach the screen exactly as given: never read as Textual markup.

A free-text answer like "[b]" or "[/]" once raised a MarkupError on the review screen: the kiosk
went back to welcome and the patient's answers were gone. Printer errors ("[Errno 13] ...") and
a form's wording go through the same widgets.
"""

from __future__ import annotations

import test_app_walk
from test_app_staff import open_staff_screen
from test_app_walk import ALL_NO, confirm_and_check, kiosk, walk
from textual.widgets import Button, Static

from kiosk.patient.widgets.plain import PlainButton, PlainLabel, PlainStatic

MARKUP_LIKE = "[b]is it sore?[/b] [/] [link=x] [red]$x"


def shown_text(widget: Static) -> str:
    return widget.render().plain


def assert_all_plain(screen) -> None:
    """Every text widget on the screen is one of kiosk.patient.widgets.plain's."""
    text_widgets = [w for w in screen.query("*") if isinstance(w, Static | Button)]
    assert any(isinstance(w, Button) for w in text_widgets)  # found by class, not CSS type
    for widget in text_widgets:
        assert isinstance(widget, PlainStatic | PlainLabel | PlainButton), (
            f"{type(widget).__name__} #{widget.id} on {type(screen).__name__} parses markup"
        )


async def test_a_free_text_answer_that_looks_like_markup_is_shown_and_printed_as_typed(
    monkeypatch,
):
    async def type_on_a_real_keyboard(pilot, text: str) -> None:  # "[" has no on-screen key
        await pilot.press(*text)
        await pilot.pause()

    monkeypatch.setattr(test_app_walk, "type_on_keyboard", type_on_a_real_keyboard)
    patient = dict(ALL_NO, questions=MARKUP_LIKE)
    app = kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(pilot, patient)
        assert app.current_page_id == "review"
        assert app.session.answers["questions"] == MARKUP_LIKE
        rows = [shown_text(row) for row in app.screen.query(".review-text")]
        assert any(row.endswith("\nYour answer: " + MARKUP_LIKE) for row in rows), rows
        await confirm_and_check(pilot, app.printer, patient)  # no error, nothing lost


async def test_a_printer_error_with_brackets_is_shown_to_staff_word_for_word():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        error = "[Errno 13] Permission denied: '/dev/usb/lp0' [/]"
        app._show_printer_notice(f"Staff: printer needs attention. {error}")
        await pilot.pause()
        assert error in shown_text(app.screen.query_one("#printer-notice", Static))
        assert app.unexpected_errors == [] and app.current_page_id == "welcome"


async def test_every_text_widget_on_every_screen_is_a_plain_one():
    app = kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        assert_all_plain(app.screen)  # welcome
        await walk(pilot, ALL_NO, on_page=lambda app: assert_all_plain(app.screen))
        assert_all_plain(app.screen)  # review
        await open_staff_screen(pilot)
        assert_all_plain(app.screen)
