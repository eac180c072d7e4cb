"""No page is skipped unseen and nothing prints from an unseen review (issue 11, items 1 and 4).

The patient of the issue: taps an answer, then a moment later taps where Next was, on every
kind of page. The tests record the pages in the order they appear and what reached the printer;
they hold whatever the app does about it (no auto-advance, a settle time, or moved buttons).
The full matrix of delays on every page is `benchmarks/ghost_taps.py`; here each delay of the
issue (0.3, 0.7 and 1.2 s) falls on every kind of page once.
"""

from __future__ import annotations

import time

import pytest
from key_taps import tap_key
from test_app_walk import FLAGS_A, NOW, FakePrinter, kiosk, tap, type_on_keyboard, walk
from textual.geometry import Region
from textual.widgets import Button

from kiosk.patient.app import make_app
from kiosk.patient.screens.review import ReviewScreen

DELAYS = (0.3, 0.7, 1.2)


def next_spot(app) -> tuple[int, int]:
    """The middle of the Next button on the page shown: where the patient's finger goes."""
    region = app.screen.query_one("#next").region
    return region.x + region.width // 2, region.y + region.height // 2


async def tap_at(pilot, spot: tuple[int, int]) -> None:
    """A tap at a place on the screen, whatever is there now."""
    await pilot.click(offset=spot)
    await pilot.pause()


async def answer(pilot, patient: dict) -> None:
    """Answer the page shown as the patient would (nothing to do on a leaflet page)."""
    app = pilot.app
    page = app.session.current
    value = patient.get(page.id)
    if page.kind == "info":
        return
    if page.type == "text":
        await type_on_keyboard(pilot, value or "")
    elif page.type == "date":
        year, month, day = value.split("-")
        await pilot.press(*(day + month + year))
    elif page.type == "scale":
        await tap_key(pilot, str(value))
    else:
        for option in value if isinstance(value, list) else [value]:
            await tap(pilot, f"#answer-{page.id}-{option}")


def expected_pages(app) -> list[str]:
    return [page.id for page in app.session.visible_pages()] + ["review"]


async def walk_with_late_next(pilot, patient: dict, delay_for) -> tuple[list[str], tuple]:
    """Welcome to review: on each page answer, wait `delay_for(n)` seconds, then tap where Next
    was. Returns the pages in the order they appeared, and where the last Next was."""
    app = pilot.app
    await tap(pilot, "#start")
    seen = [app.current_page_id]
    spot = (0, 0)
    for n in range(40):
        if app.current_page_id == "review":
            return seen, spot
        spot = next_spot(app)
        await answer(pilot, patient)
        await pilot.pause(delay_for(n))
        before = app.screen
        await tap_at(pilot, spot)
        if app.screen is not before:
            seen.append(app.current_page_id)
        assert app.printer.summaries == [], f"printed from {seen[-1]} without a seen review"
    raise AssertionError(f"never reached the review: {seen}")


@pytest.mark.parametrize("turn", range(len(DELAYS)), ids=[f"turn{n}" for n in range(3)])
async def test_a_late_tap_on_next_after_each_answer_never_skips_a_page(turn):
    """Each page kind meets each delay once over the three turns."""
    printer = FakePrinter()
    app = kiosk(printer)
    app.auto_advance_s = kiosk_default_auto_advance()
    async with app.run_test(size=(80, 24)) as pilot:
        delay = lambda n: DELAYS[(n + turn) % 3]  # noqa: E731
        seen, last_next = await walk_with_late_next(pilot, FLAGS_A, delay)
        assert seen == expected_pages(app)
        # More taps where Next was, on the review, never print: that place is never Confirm.
        for _ in range(4):
            await pilot.pause(0.3)
            await tap_at(pilot, last_next)
        assert app.current_page_id == "review" and printer.summaries == []
        assert app.session.answers.get("questions") == FLAGS_A["questions"]


SETTLE_DELAYS = (0.05, 0.3, 0.7, 1.2)


def record_page_changes(app) -> list[tuple[str, float]]:
    """Every page the app shows, with when: a page passed in between two looks is counted too."""
    shown: list[tuple[str, float]] = []
    show = app._show

    def showing(screen, page_id: str) -> None:
        shown.append((page_id, time.monotonic()))
        show(screen, page_id)

    app._show = showing
    return shown


async def walk_with_double_taps(pilot, patient: dict, delay_for) -> tuple:
    """Welcome to review with the kiosk's own settle time. On each page the patient reads
    (longer than the settle time), answers, taps Next (on a leaflet page, 'I have read this')
    and, `delay_for(n)` seconds later, taps the same spot again. Returns the spot of the last
    Next."""
    app = pilot.app
    settle_s = app.page_clock.settle_s
    await pilot.pause(settle_s + 0.05)
    await tap(pilot, "#start")
    spot = (0, 0)
    for n in range(60):
        if app.current_page_id == "review":
            return spot
        await pilot.pause(settle_s + 0.05)
        spot = next_spot(app)
        await answer(pilot, patient)
        await tap_at(pilot, spot)
        await pilot.pause(delay_for(n))
        await tap_at(pilot, spot)
        assert app.printer.summaries == [], f"printed from {app.current_page_id} unseen"
    raise AssertionError("never reached the review")


@pytest.mark.parametrize("turn", range(4), ids=[f"turn{n}" for n in range(4)])
async def test_a_double_tap_at_any_speed_never_passes_a_page_unseen(turn):
    """A tap on Next and another on the same spot 0.05, 0.3, 0.7 or 1.2 s later, on every kind
    of page (leaflet pages, whose buttons sit in the same place, among them). Over the four
    turns each kind of page meets each delay. Every page is shown, in order, and stays on screen
    at least the settle time before the next one replaces it; a tap inside it does nothing."""
    printer = FakePrinter()
    app = make_app(printer=printer, clock=lambda: NOW)  # the kiosk's own timings
    app.auto_advance_s = kiosk_default_auto_advance()
    settle_s = app.page_clock.settle_s
    assert 0.3 < settle_s < 0.7  # a double tap is dropped; a tap a second later is not
    shown = record_page_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        delay = lambda n: SETTLE_DELAYS[(n + turn) % 4]  # noqa: E731
        patient = dict(FLAGS_A, name="Mo O'Neil", questions="ok")  # less to type, same pages
        last_next = await walk_with_double_taps(pilot, patient, delay)
        assert [page for page, _ in shown] == expected_pages(app)
        times = [at for _, at in shown]
        on_screen = [round(b - a, 2) for a, b in zip(times, times[1:], strict=False)]
        assert min(on_screen) >= settle_s, list(zip(shown, on_screen, strict=False))
        for n in range(4):  # double taps where Next was, on the review, never print
            await pilot.pause(SETTLE_DELAYS[n])
            await tap_at(pilot, last_next)
        assert app.current_page_id == "review" and printer.summaries == []
        # The paced patient still gets through: every answer seen, then Confirm prints once.
        while app.screen.query_one("#confirm", Button).disabled:
            await tap(pilot, "#review-more")
        await tap(pilot, "#confirm")
        await app.workers.wait_for_complete()
        assert app.current_page_id == "done" and len(printer.summaries) == 1


async def test_a_bounced_enter_does_not_run_through_the_leaflet():
    """Enter held down or pressed twice fast: one page per press after the settle time."""
    app = make_app(printer=FakePrinter(), clock=lambda: NOW)
    shown = record_page_changes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(app.page_clock.settle_s + 0.05)
        await tap(pilot, "#start")
        await pilot.pause(app.page_clock.settle_s + 0.05)
        await pilot.press("enter", "enter", "enter", "enter")  # within a few milliseconds
        assert [page for page, _ in shown] == expected_pages(app)[:2]
        await pilot.pause(app.page_clock.settle_s + 0.05)
        await pilot.press("enter")
        assert [page for page, _ in shown] == expected_pages(app)[:3]


def kiosk_default_auto_advance():
    """What the app does by default (tests/test_app_walk.kiosk turns it off for other tests)."""
    from kiosk.patient.app import make_app

    return make_app(printer=FakePrinter()).auto_advance_s


def button_regions(screen) -> list[tuple[str, Region]]:
    """Every target shown: buttons and the one-widget keyboards and scales, by screen region."""
    out = []
    for widget in screen.query("*"):
        if not widget.display or not widget.region:
            continue
        if isinstance(widget, Button) or type(widget).__name__ in (
            "OnScreenKeyboard",
            "Keypad",
            "PainScale",
        ):
            out.append((f"{screen.__class__.__name__} #{widget.id}", widget.region))
    return out


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
async def test_the_review_at_80x24_shows_every_answer_before_confirm_comes_on(large):
    app = kiosk()
    targets: list[tuple[str, Region]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        if large:
            await tap(pilot, "#toggle-large")
        await walk(pilot, FLAGS_A, on_page=lambda app: targets.extend(button_regions(app.screen)))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        rows = len(screen.query(".review-row"))
        assert rows == len([q for q in app.site.form.questions if app.session.is_visible(q)])
        seen: set[int] = set()
        for _ in range(rows + 1):
            shown = screen.rows_on_screen()
            seen |= set(shown)
            hint = str(screen.query_one("#review-hint").render())
            assert f"of {rows}" in hint or f"All {rows}" in hint
            confirm = screen.query_one("#confirm", Button)
            # Confirm is live exactly when every answer has been whole on screen.
            assert confirm.disabled == (seen != set(range(rows))), (seen, rows)
            if not confirm.disabled:
                break
            await tap(pilot, "#review-more")
        assert not confirm.disabled
        # Confirm is where no earlier page had anything to tap.
        overlaps = [name for name, region in targets if region.overlaps(confirm.region)]
        assert overlaps == [], overlaps


async def test_the_review_that_fits_lets_confirm_at_once():
    app = kiosk()
    async with app.run_test(size=(200, 60)) as pilot:
        await walk(pilot, FLAGS_A)
        await pilot.pause()
        assert not app.screen.query_one("#confirm").disabled
        answers = [p for p in app.session.visible_pages() if p.kind != "info"]
        hint = str(app.screen.query_one("#review-hint").render())
        assert f"All {len(answers)} answers are shown" in hint


async def test_progress_numbers_questions_without_a_total_that_moves():
    app = kiosk()
    shown: list[tuple[str, str]] = []

    def look(app) -> None:
        shown.append((app.current_page_id, str(app.screen.query_one("#progress").render())))

    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, FLAGS_A, on_page=look)
    leaflet = {page.id for page in app.site.form.pages if page.kind == "info"}
    info = [words for page, words in shown if page in leaflet]
    assert info == [f"Before you start: page {n} of {len(leaflet)}" for n in range(1, 5)]
    questions = [words for page, words in shown if page not in leaflet]
    assert questions == [f"Question {n}" for n in range(1, len(questions) + 1)]
    # 'Other' blood thinner opened a question: the numbers before it stayed as they were.
    assert dict(shown)["blood_thinners"] == "Question 4"
    assert dict(shown)["antiplatelets"] == "Question 5"
    assert dict(shown)["blood_thinners_other"] == "Question 6"


async def test_every_question_page_has_one_way_on():
    """One button per action: no second 'Review' beside Next when coming back from the review."""
    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, FLAGS_A)
        await tap(pilot, "#change-pain_relief_6h")
        labels = [b.label.plain for b in app.screen.query("#nav *").results(Button)]
        assert labels == ["← Back", "Next →"]
        await tap(pilot, "#next")
        assert app.current_page_id == "review"


async def test_a_change_on_the_review_opens_pages_that_come_in_the_forms_order():
    """Issue 11: 'Other' chosen from the review opened Questions 6, 7 and 8; Next went to 7
    (required, unanswered) and showed 6 last, after 8. The opened pages come in the form's
    order, each once, with their numbers going up, and then the review."""
    from test_app_walk import ALL_NO

    app = kiosk()
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        before = [page.id for page in app.session.visible_pages()]
        await tap(pilot, "#change-antiplatelets")
        await tap(pilot, "#answer-antiplatelets-other")
        assert app.session.answers["antiplatelets"] == ("other",)
        opened = [page.id for page in app.session.visible_pages() if page.id not in before]
        assert opened == [
            "blood_thinners_other",
            "blood_thinner_stopped",
            "blood_thinner_last_dose",
        ]
        shown: list[tuple[str, str]] = []
        replies = {"blood_thinner_stopped": "yes", "blood_thinner_last_dose": "days_4_7"}
        await tap(pilot, "#next")
        for _ in range(len(opened) + 1):
            page_id = app.current_page_id
            if page_id == "review":
                break
            shown.append((page_id, str(app.screen.query_one("#progress").render())))
            if page_id in replies:
                await tap(pilot, f"#answer-{page_id}-{replies[page_id]}")
            await tap(pilot, "#next")
        assert [page for page, _ in shown] == opened
        assert [words for _, words in shown] == ["Question 6", "Question 7", "Question 8"]
        assert app.current_page_id == "review"


def labels_shown(screen) -> list[str]:
    """Every tap target's words on the screen: buttons and the keys of one-widget key grids."""
    from kiosk.patient.widgets.key_grid import KeyGrid

    words = [b.label.plain for b in screen.query("*").results(Button) if b.display]
    for grid in screen.query(KeyGrid).results(KeyGrid):
        words += list(grid.labels().values())
    return words


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_name_and_date_pages_have_one_button_to_move_on_and_enter_still_works(size):
    """'Done ✓' on the keyboard beside 'Next →' were two buttons for one action (issue 11)."""
    app = kiosk()
    async with app.run_test(size=size) as pilot:
        await tap(pilot, "#start")
        for _ in range(4):
            await tap(pilot, "#next")
        assert app.current_page_id == "name"
        words = labels_shown(app.screen)
        assert [w for w in words if "Done" in w or "Next" in w] == ["Next →"], words
        await type_on_keyboard(pilot, "Ann Lee")
        await pilot.press("enter")  # a real keyboard's Enter is Next
        await pilot.pause()
        assert app.current_page_id == "dob" and app.session.answers["name"] == "Ann Lee"
        words = labels_shown(app.screen)
        assert [w for w in words if "Done" in w or "Next" in w] == ["Next →"], words
        for digit in "0203":
            await tap_key(pilot, digit)
        await pilot.press(*"1950", "enter")
        await pilot.pause()
        assert app.current_page_id == "pain_relief_6h"
        assert str(app.session.answers["dob"]) == "1950-03-02"


async def test_the_staff_pin_pad_keeps_its_enter_key():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(app.config.staff.staff_key)
        await pilot.pause()
        assert "Enter ✓" in labels_shown(app.screen)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "larger-text"])
async def test_the_progress_line_fits_on_one_line_at_80x24(large):
    """'Before you start: page 1 of 4' wrapped onto a second line at 80 columns."""
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        if large:
            await tap(pilot, "#toggle-large")
        await tap(pilot, "#start")
        shown = []
        while app.current_page_id != "name":
            words = str(app.screen.query_one("#progress").render())
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert any(words in line for line in lines), (words, lines[:3])
            shown.append(words)
            await tap(pilot, "#next")
        assert shown == [f"Before you start: page {n} of 4" for n in range(1, 5)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_display_toggles_show_their_whole_label_in_high_contrast(size):
    app = kiosk()
    async with app.run_test(size=size) as pilot:
        await tap(pilot, "#toggle-contrast")
        await tap(pilot, "#toggle-large")
        await tap(pilot, "#start")
        lines = [strip.text for strip in app.screen._compositor.render_strips()][:3]
        assert any("✓ High contrast: on" in line for line in lines), lines
        assert any(": on" in line and "text" in line for line in lines), lines


async def test_more_answers_pages_a_whole_view_each_tap_at_80x24():
    """Each tap on 'More answers' brings the first answer not yet whole to the top at once:
    a tap that scrolled to the same place again cost the patient an extra tap."""
    from test_app_walk import ALL_NO

    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await pilot.pause()
        screen = app.screen
        rows = len(screen.query(".review-row"))
        seen = set(screen.rows_on_screen())
        per_view = len(seen)
        taps = 0
        while screen.query_one("#confirm", Button).disabled:
            # A person's taps, not a bounce: Button ignores a second press within 0.2 s.
            await pilot.pause(0.25)
            await tap(pilot, "#review-more")
            taps += 1
            seen |= set(screen.rows_on_screen())
        assert seen == set(range(rows))
        assert taps == -(-(rows - per_view) // per_view), (taps, rows, per_view)


async def test_a_quick_second_tap_on_more_answers_does_not_scroll_past_unread_answers():
    """A new view of the answers settles like a new page. A long settle time here, so that the
    second tap comes after Button's own 0.2 s guard and still inside it, on a loaded machine."""
    from test_app_walk import ALL_NO

    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await pilot.pause()
        app.page_clock.settle_s = 2.0
        await pilot.pause(2.1)
        screen = app.screen
        first = screen.rows_on_screen()
        await tap(pilot, "#review-more")
        second = screen.rows_on_screen()
        assert second[0] == first[-1] + 1
        await pilot.pause(0.6)
        await tap(pilot, "#review-more")  # too soon: the answers just shown stay
        assert screen.rows_on_screen() == second
        await pilot.pause(2.1)
        await tap(pilot, "#review-more")
        assert screen.rows_on_screen() != second


async def test_enter_on_more_answers_to_the_end_leaves_the_focus_on_the_answers():
    """Keyboard: with the focus on 'More answers', Enter until the last view of answers. The
    button then goes off, and the focus goes to the answers, not back to '← Back', where one
    more Enter would leave the review, nor to 'Confirm and print', where it would print: a
    repeated Enter does nothing, and printing stays a choice (Tab, then Enter)."""
    from test_app_walk import ALL_NO

    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await pilot.pause()
        screen = app.screen
        # Shift+Tab: back past the display toggles round to 'More answers', without the Change
        # buttons (Tab through those scrolls every answer into view on its way).
        for _ in range(6):
            if screen.focused is not None and screen.focused.id == "review-more":
                break
            await pilot.press("shift+tab")
        assert screen.focused is not None and screen.focused.id == "review-more"
        more = screen.query_one("#review-more", Button)
        presses = 0
        while not more.disabled:
            assert screen.query_one("#confirm", Button).disabled  # still locked before the end
            await pilot.pause(0.25)  # Button ignores a second press within 0.2 s
            await pilot.press("enter")
            await pilot.pause()
            presses += 1
            assert presses < 20, "never reached the last answers"
        await pilot.pause()
        assert presses > 1  # the answers did not fit: there was a last view to reach
        assert not screen.query_one("#confirm", Button).disabled
        assert screen.focused is not None and screen.focused.id == "review-list"
        await pilot.pause(0.6)  # past the settle time: this Enter is the patient's own
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_page_id == "review" and not app.printer.summaries
        for _ in range(15):  # Tab goes on through the Change buttons to Confirm
            await pilot.press("tab")
            if screen.focused is not None and screen.focused.id == "confirm":
                break
        assert screen.focused is not None and screen.focused.id == "confirm"
        assert not app.printer.summaries
