"""Walking the whole default form through the kiosk by clicking the stable ids.

The summary the app hands to the printer must equal what `kiosk summary` prints for the same
answers. Shared helpers (fake printer, fixed clock, `walk`) live here for the other app tests.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from key_taps import key_label, tap_key
from station_patients import CALM

from kiosk.cli import main as kiosk_cli
from kiosk.core.answers import from_json
from kiosk.core.summary import build_summary
from kiosk.patient.app import make_app
from kiosk.printer.queue import PrintOutcome

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


class FakePrinter:
    """Records what the app asks of it; `ok` decides the printer status it reports."""

    def __init__(self, printed: bool = True, ok: bool = True) -> None:
        self.printed, self.ok = printed, ok
        self.summaries: list = []
        self.reprints = 0
        self.forgets = 0

    def print_summary(self, summary, form, wording=None) -> PrintOutcome:
        self.summaries.append(summary)
        message = "Please take your receipt to the desk." if self.printed else "Please tell staff."
        return PrintOutcome(self.printed, message, "fake")

    def reprint_last(self) -> PrintOutcome:
        self.reprints += 1
        return PrintOutcome(True, "", "Reprinted (fake).")

    def status(self) -> tuple[bool, str]:
        return self.ok, "Fake printer ready." if self.ok else "Paper out: load a new roll."

    def forget_patient(self) -> None:
        self.forgets += 1


def kiosk(printer: FakePrinter | None = None):
    app = make_app(printer=printer or FakePrinter(), clock=lambda: NOW)
    app.auto_advance_s = None  # tests click Next themselves
    app.page_clock.settle_s = 0.0  # and at once: tests/test_app_flow.py keeps the settle time
    return app


async def tap(pilot, selector: str) -> None:
    if selector.startswith("#change-"):  # the review list may be longer than the screen
        pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
        await pilot.pause()
    await pilot.click(selector)
    await pilot.pause()


async def wait_until(pilot, condition, timeout: float = 10.0) -> None:
    """Pause until `condition()` holds (the timers under test run meanwhile); fail on timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await pilot.pause(0.05)


async def settle(pilot) -> None:
    """Let the printer workers finish and their results reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_on_keyboard(pilot, text: str) -> None:
    names = {" ": "space", "-": "hyphen", "'": "apostrophe"}
    for char in text:
        await tap_key(pilot, names.get(char, char.lower()))


async def to_name_page(pilot) -> None:
    """From welcome past the leaflet pages ("I have read this") to the name question."""
    await tap(pilot, "#start")
    for _ in range(10):
        if pilot.app.current_page_id == "name":
            return
        await tap(pilot, "#next")
    raise AssertionError(f"never reached the name page (on {pilot.app.current_page_id})")


async def to_dob_page(pilot) -> None:
    """On to the date of birth, the name typed on a real keyboard."""
    await to_name_page(pilot)
    await pilot.press(*"ada", "enter")
    await pilot.pause()
    assert pilot.app.current_page_id == "dob"


def date_boxes(app) -> list[str]:
    return [app.screen.query_one(f"#input-dob-{part}").value for part in ("day", "month", "year")]


async def walk(pilot, patient: dict, on_page=None) -> None:
    """From welcome to review, answering `patient` (raw JSON-style answers) by taps.

    `on_page(app)`, if given, looks at each page as it arrives, before it is answered.
    """
    app = pilot.app
    look = on_page or (lambda app: None)
    await tap(pilot, "#start")
    for _ in range(4):
        look(app)
        await tap(pilot, "#next")  # "I have read this"
    look(app)
    assert app.current_page_id == "name"
    await tap(pilot, "#key-clear")
    await type_on_keyboard(pilot, patient["name"])
    await tap(pilot, "#next")
    assert app.current_page_id == "dob"
    year, month, day = patient["dob"].split("-")
    look(app)
    for digit in day + month + year:
        await tap_key(pilot, digit)
    await tap(pilot, "#next")
    while app.current_page_id != "review":
        qid = app.current_page_id
        look(app)
        value = patient.get(qid)
        if qid == "pain_score":
            await tap_key(pilot, str(value))
        elif qid in ("questions", "blood_thinners_other"):
            if value:
                await type_on_keyboard(pilot, value)
        elif isinstance(value, list):
            for option in value:
                await tap(pilot, f"#answer-{qid}-{option}")
        else:
            await tap(pilot, f"#answer-{qid}-{value}")
        await tap(pilot, "#next")
        assert app.current_page_id != qid, f"stuck on {qid}"


def expected(app, patient: dict):
    form = app.site.form
    return build_summary(form, from_json(form, patient, NOW.date(), "test"), NOW)


async def see_all_answers(pilot) -> None:
    """On the review, tap 'More answers' until the last answer has been on screen."""
    for _ in range(20):
        if not pilot.app.screen.query_one("#confirm").disabled:
            return
        await tap(pilot, "#review-more")
    raise AssertionError("Confirm never came on")


async def confirm(pilot) -> None:
    """See every answer on the review, then tap 'Confirm and print'."""
    await see_all_answers(pilot)
    await tap(pilot, "#confirm")


async def confirm_and_check(pilot, printer: FakePrinter, patient: dict) -> None:
    await confirm(pilot)
    await settle(pilot)
    assert pilot.app.current_page_id == "done"
    assert printer.summaries[-1].to_json() == expected(pilot.app, patient).to_json()
    assert pilot.app.unexpected_errors == []


ALL_NO = {**CALM, "name": "Ada Lovelace", "dob": "1966-03-09", "pain_score": 6}
FLAGS_A = {
    "name": "Mary O'Neil-Smith",
    "dob": "1996-07-01",
    "pain_relief_6h": "yes",
    "blood_thinners": ["warfarin"],
    "antiplatelets": ["other"],
    "allergies": ["none"],
    "unwell": "no",
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "blood_thinners_other": "aspirin",
    "pregnancy": "not_sure",
    "transport_home": "driving_myself",
    "questions": "is it sore",
    "ready_for_consent": "want_to_discuss",
    "pain_score": 1,
}
FLAGS_B = {
    "name": "Li Wei",
    "dob": "1990-12-31",
    "pain_relief_6h": "not_sure",
    "blood_thinners": ["not_sure"],
    "antiplatelets": ["none"],
    "allergies": ["not_sure"],
    "unwell": "not_sure",
    "pregnancy": "yes",
    "transport_home": "not_sure",
    "ready_for_consent": "yes",
    "pain_score": 10,
}
FLAGS_C = {
    "name": "Sam Patel",
    "dob": "1950-01-31",
    "pain_relief_6h": "no",
    "blood_thinners": ["apixaban"],
    "antiplatelets": ["none"],
    "blood_thinner_stopped": "no",
    "blood_thinner_last_dose": "not_sure",
    "allergies": ["latex", "plasters", "other"],
    "unwell": "yes",
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 5,
}
FLAGS_D = {**FLAGS_C, "blood_thinner_stopped": "not_sure", "blood_thinner_last_dose": "today"}
"""With FLAGS_A and FLAGS_B, every flag of the form is raised by some patient's taps."""


def review_rows(app) -> list[str]:
    return [row.render().plain for row in app.screen.query(".review-text")]


async def test_all_no_patient_aged_60_skips_pregnancy_reviews_and_prints_the_cli_summary(
    tmp_path, capsys
):
    printer = FakePrinter()
    app = kiosk(printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        assert "pregnancy" not in [p.id for p in app.session.visible_pages()]
        # The optional question left empty says so on the review.
        assert any(row.endswith("\nYour answer: No answer given") for row in review_rows(app))
        await confirm_and_check(pilot, printer, ALL_NO)
    assert printer.summaries[0].flags == []
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ALL_NO))
    capsys.readouterr()
    args = ["summary", "--answers", str(answers), "--format", "json", "--now", NOW.isoformat()]
    assert kiosk_cli(args) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(printer.summaries[0].to_json())


async def test_patients_who_raise_every_flag_get_them_all_on_the_summary_and_their_words():
    raised = set()
    for patient in (FLAGS_A, FLAGS_B, FLAGS_C, FLAGS_D):
        printer = FakePrinter()
        app = kiosk(printer)
        async with app.run_test(size=(100, 30)) as pilot:
            await walk(pilot, patient)
            if patient is FLAGS_A:  # the review says each answer in the words tapped
                rows = review_rows(app)  # the button's, not staff's short "Wants to talk first"
                assert any(r.endswith("\nYour answer: I want to talk it over first") for r in rows)
                assert any(
                    r.endswith("\nYour answer: A blood thinner not listed here") for r in rows
                )
                assert not any("Wants to talk first" in row for row in rows)
            await confirm_and_check(pilot, printer, patient)
        raised |= {flag.id for flag in printer.summaries[0].flags}
    assert raised >= {rule.id for rule in app.site.form.flags}


async def test_changing_an_answer_from_review_returns_to_review_and_reprints_it():
    printer = FakePrinter()
    app = kiosk(printer)
    async with app.run_test(size=(120, 60)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#change-antiplatelets")
        assert app.current_page_id == "antiplatelets"
        assert "Selected" in str(app.screen.query_one("#answer-antiplatelets-none").label)
        await tap(pilot, "#answer-antiplatelets-other")  # clears the exclusive "none"
        await tap(pilot, "#next")
        # "Other" opens its name and the two follow-ups, shown in the form's order
        assert app.current_page_id == "blood_thinners_other"
        await type_on_keyboard(pilot, "aspirin")
        await tap(pilot, "#next")
        assert app.current_page_id == "blood_thinner_stopped"
        await tap(pilot, "#answer-blood_thinner_stopped-yes")
        await tap(pilot, "#next")
        assert app.current_page_id == "blood_thinner_last_dose"
        await tap(pilot, "#answer-blood_thinner_last_dose-days_4_7")
        await tap(pilot, "#next")
        assert app.current_page_id == "review"
        await tap(pilot, "#change-pain_score")
        await tap_key(pilot, "2")
        await tap(pilot, "#next")
        assert app.current_page_id == "review"
        changed = {
            **ALL_NO,
            "antiplatelets": ["other"],
            "blood_thinners_other": "aspirin",
            "blood_thinner_stopped": "yes",
            "blood_thinner_last_dose": "days_4_7",
        }
        changed["pain_score"] = 2
        await confirm_and_check(pilot, printer, changed)


async def test_going_back_and_forth_keeps_answers_and_progress():
    printer = FakePrinter()
    app = kiosk(printer)
    async with app.run_test(size=(100, 30)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#back")
        assert app.current_page_id == "pain_score"
        for page in ("ready_for_consent", "questions", "transport_home", "unwell", "allergies"):
            await tap(pilot, "#back")
            assert app.current_page_id == page
        assert str(app.screen.query_one("#progress").render()) == "Question 6"
        for _ in range(4):  # antiplatelets, blood thinners, pain relief, date of birth
            await tap(pilot, "#back")
        assert app.current_page_id == "dob"
        assert app.screen.query_one("#input-dob-year").value == "1966"
        await tap(pilot, "#next")
        await tap(pilot, "#answer-pain_relief_6h-yes")
        for _ in range(8):
            await tap(pilot, "#next")
        assert app.current_page_id == "pain_score"
        await tap(pilot, "#next")
        await confirm_and_check(pilot, printer, {**ALL_NO, "pain_relief_6h": "yes"})


async def test_a_question_cannot_be_skipped_and_says_why():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await tap(pilot, "#start")
        for _ in range(5):
            await tap(pilot, "#next")
        assert app.current_page_id == "name"
        assert "Please answer" in str(app.screen.query_one("#problem").render())
        await type_on_keyboard(pilot, "ann")
        await tap(pilot, "#next")
        for digit in "31022000":
            await tap_key(pilot, digit)
        await tap(pilot, "#next")
        assert app.current_page_id == "dob"
        assert "does not exist" in str(app.screen.query_one("#problem").render())
        assert app.session.answers["name"] == "Ann"  # names start with a capital


async def test_done_screen_shows_even_when_the_printer_fails():
    printer = FakePrinter(printed=False)
    app = kiosk(printer)
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await confirm_and_check(pilot, printer, ALL_NO)
        assert "tell staff" in str(app.screen.query_one("#done-message").render())


async def test_date_of_birth_typed_fast_on_a_keyboard_fills_day_month_and_year():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_dob_page(pilot)
        await pilot.press(*"09031966")  # no pause between keys, as a fast typist or a script
        await pilot.pause()
        assert date_boxes(app) == ["09", "03", "1966"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_page_id == "pain_relief_6h"
        assert str(app.session.answers["dob"]) == "1966-03-09"


async def test_a_date_of_birth_changed_from_review_is_typed_over_not_onto():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)  # born 09/03/1966
        await tap(pilot, "#change-dob")
        await pilot.press(*"15031990")  # in one burst, on a real keyboard
        await pilot.pause()
        assert date_boxes(app) == ["15", "03", "1990"]
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.pause()  # the year emptied, then back into the month
        assert date_boxes(app) == ["15", "0", ""]
        for key in "4" + "1991":  # on the keypad this time
            await tap_key(pilot, key)
        await tap(pilot, "#next")
        assert str(app.session.answers["dob"]) == "1991-04-15"


async def test_a_date_box_tapped_is_the_one_typed_into():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_dob_page(pilot)
        await tap(pilot, "#input-dob-month")
        await tap(pilot, "#input-dob-day")  # changed their mind
        await pilot.press(*"0903")
        await pilot.pause()
        assert date_boxes(app) == ["09", "03", ""]


async def test_a_date_of_birth_out_of_range_is_explained_in_plain_words():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_dob_page(pilot)
        problem = lambda: app.screen.query_one("#problem").render().plain  # noqa: E731
        for typed, words in [
            ("01012015", "That date makes you 11. This check-in is for people aged 16 to 120."),
            ("01012030", "That date is in the future. Please check the day, the month and"),
        ]:
            await pilot.press(*typed, "enter")
            await pilot.pause()
            assert app.current_page_id == "dob" and "dob" not in app.session.answers
            assert problem().startswith(words)
            await pilot.press(*["backspace"] * 8)  # empty again, back in the day box


async def test_pain_score_from_a_keyboard_digits_ten_and_arrows():
    app = kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#change-pain_score")
        chosen = lambda: app.session.answers["pain_score"]  # noqa: E731
        await pilot.press("3")
        assert chosen() == 3
        await pilot.press("1", "0")  # typed together: ten
        assert chosen() == 10
        assert key_label(app, "10") == "✓10"
        await pilot.press("left")
        assert chosen() == 9
        await pilot.press("1")
        await pilot.pause(1.2)  # a pause between the keys: two separate answers
        await pilot.press("0")
        assert chosen() == 0
        await pilot.press("1", "1")  # 11 is off the scale: the last key counts
        assert chosen() == 1


async def test_arrow_keys_move_between_answers_and_enter_picks_one():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#change-pain_relief_6h")  # one column: yes, no (chosen), not sure
        assert app.screen.focused is None  # so Enter cannot pick an answer unseen
        await pilot.press("down", "down", "enter")  # onto "no", then down to "not sure"
        assert app.session.answers["pain_relief_6h"] == "not_sure"
        await tap(pilot, "#next")
        # Two columns: warfarin | apixaban, rivaroxaban | edoxaban, dabigatran | heparin,
        # not sure | none (chosen).
        await tap(pilot, "#change-blood_thinners")
        # In one burst: onto "none", up twice to edoxaban, left, right, left: rivaroxaban.
        await pilot.press("down", "up", "up", "left", "right", "left", "enter")
        assert app.session.answers["blood_thinners"] == ("rivaroxaban",)  # and "none" is cleared


def on_screen(app) -> str:
    """The screen's lines as one line of words."""
    strips = app.screen._compositor.render_strips()
    return " ".join(" ".join(strip.text.split()) for strip in strips)


async def test_an_answer_with_a_note_shows_it_and_waits_for_next():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#change-transport_home")
        app.auto_advance_s = 0.1  # as a kiosk does: a single choice moves on by itself
        # No note on screen: its line keeps its room under the answers, hidden.
        note = app.screen.query_one("#answer-note")
        assert note.styles.visibility == "hidden"
        said = "tell the staff at the desk"  # the note's words (the help also says not to drive)
        assert said not in on_screen(app)
        await tap(pilot, "#answer-transport_home-driving_myself")
        await pilot.pause(0.4)
        assert app.current_page_id == "transport_home"  # waited, so the note can be read
        assert note.styles.visibility == "visible" and "not to drive" in note.render().plain
        assert said in on_screen(app)
        choices = app.screen.query_one("#choices").region
        assert note.region.y >= choices.bottom  # under the answers, which did not move
        await tap(pilot, "#answer-transport_home-someone_driving")  # no note: moves on
        await wait_until(pilot, lambda: app.current_page_id == "review")
        assert app.session.answers["transport_home"] == "someone_driving"


async def test_enter_on_a_choice_page_means_next_and_never_picks_an_answer():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await walk(pilot, ALL_NO)
        await tap(pilot, "#change-pain_relief_6h")
        await pilot.press("enter")  # the answer given stands; back to the review
        await pilot.pause()
        assert app.current_page_id == "review"
        assert app.session.answers["pain_relief_6h"] == "no"
        app.session.set_answer("transport_home", None)  # as if not answered yet
        await tap(pilot, "#change-transport_home")
        await pilot.press("enter", "enter")  # a double Enter answers nothing
        await pilot.pause()
        assert app.current_page_id == "transport_home"
        assert "transport_home" not in app.session.answers
        assert "Please" in app.screen.query_one("#problem").render().plain


async def test_a_name_too_long_for_the_receipt_says_so_and_stays_on_the_page():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_name_page(pilot)
        await pilot.press(*("Л" * 30))  # typed on a keyboard: 30 letters that count 2 each
        await tap(pilot, "#next")
        assert app.current_page_id == "name" and "name" not in app.session.answers
        problem = app.screen.query_one("#problem")
        text = problem.render().plain
        assert text.startswith("Too long to print (60 of 50;")
        # The whole message shows, across the screen and not cut off.
        assert problem.size.width >= 70
        assert app.screen.find_widget(problem).visible_region == problem.region
        assert problem.size.height >= -(-len(text) // problem.size.width)


async def test_typing_on_a_real_keyboard_keeps_the_on_screen_shift_in_step():
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_name_page(pilot)
        shift = lambda: key_label(app, "shift")  # noqa: E731
        assert "ON" in shift()  # a name starts with a capital
        await pilot.press(*"Ada")
        await pilot.pause()
        assert "ON" not in shift()
        await pilot.press("space")
        await pilot.pause()
        assert "ON" in shift()  # the next word too
