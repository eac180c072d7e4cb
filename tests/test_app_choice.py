"""What a choice page says to the patient (kiosk/patient/screens/choice.py).

A multiple-choice page tells the patient once how to answer: in the form's own help when it gives
one ("Tap all that you take."), else in the kiosk's "Tap all that apply." (issue 11: both were
shown, two instructions for one thing).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_app_walk import NOW, FakePrinter
from test_second_form import KNEE, screen_text, site

from kiosk.patient.app import KioskApp
from kiosk.patient.screens.choice import ChoiceScreen
from kiosk.settings.config import DEFAULT_FORM

INSTRUCTION = re.compile(r"\btap\s+all\b", re.IGNORECASE)
"""How every instruction to answer a multiple choice begins, the form's and the kiosk's."""


def kiosk_for(form: Path, tmp_path: Path) -> KioskApp:
    config = site(tmp_path)
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(KNEE), str(form)), encoding="utf-8"
    )
    app = KioskApp(config_path=config, printer=FakePrinter(), clock=lambda: NOW)
    app.auto_advance_s = None
    app.page_clock.settle_s = 0.0
    return app


# (size, larger text and high contrast on): at 80x24 high contrast leaves the least room.
DISPLAY_CASES = [((80, 24), False), ((120, 40), False), ((200, 60), False), ((80, 24), True)]


def case_id(case) -> str:
    return "x".join(map(str, case)) if isinstance(case, tuple) else str(case)


async def start_shown(app, pilot, accessible: bool) -> None:
    """Start a session in the running app, with larger text and high contrast on if asked."""
    if accessible:
        app.large_text = app.high_contrast = True
        app.apply_display()
    app.start()
    await pilot.pause()


def one_line(text: str) -> str:
    return " ".join(text.split())


async def shown_on(app, pilot, page) -> str:
    """The whole 80x24 screen of `page`, in one line (the session on it, for the top line)."""
    app.session.go_to(page.id)
    await app.switch_screen(ChoiceScreen(page))
    await pilot.pause()
    return one_line(screen_text(app))


@pytest.mark.parametrize("form", [DEFAULT_FORM, KNEE], ids=["default", "knee"])
async def test_every_multiple_choice_page_says_how_to_answer_once(form, tmp_path):
    app = kiosk_for(form, tmp_path)
    pages = [p for p in app.site.form.pages if getattr(p, "type", None) == "multiple"]
    if form == DEFAULT_FORM:  # the knee form has none; the test still runs for a new one
        assert [p.id for p in pages] == ["blood_thinners", "antiplatelets", "allergies"]
    async with app.run_test(size=(80, 24)) as pilot:
        app.start()
        await pilot.pause()
        for page in pages:
            text = await shown_on(app, pilot, page)
            assert len(INSTRUCTION.findall(text)) == 1, (page.id, text)
            if page.help:  # the form's own words are the one said, and whole
                assert one_line(page.help) in text, page.id
                assert app.words("choice.tap_all") not in text, page.id


async def test_a_multiple_choice_page_without_help_shows_the_kiosks_hint(tmp_path):
    app = kiosk_for(DEFAULT_FORM, tmp_path)
    page = next(p for p in app.site.form.pages if p.id == "allergies")
    page = page.model_copy(update={"help": None})
    async with app.run_test(size=(80, 24)) as pilot:
        app.start()
        await pilot.pause()
        text = await shown_on(app, pilot, page)
        assert len(INSTRUCTION.findall(text)) == 1, text
        assert app.words("choice.tap_all") in text
