"""The "please answer" line never moves a key or an answer under the patient's finger
(kiosk/patient/screens/page.py, show_problem).

Seen trying to break issue 11's promise: after Next on an empty name page, the line "Please
answer this question to go on." took room from the keyboard; the first letter typed hid it, the
keyboard grew back, and a second tap in the same place typed another letter (the same on the
date page at 80x24). On a choice page the line clipped the last answer at 80x24. Here, on every
required question page, Next is tapped with nothing given; from then on, every target must be
whole and big enough, and no tap on the page may move any of them.
"""

from __future__ import annotations

import pytest
from test_app_choice import case_id, kiosk_for, start_shown
from test_app_layout import check_targets

from kiosk.patient.screens import screen_for
from kiosk.patient.widgets.choice_button import ChoiceButton
from kiosk.patient.widgets.key_grid import KeyGrid
from kiosk.settings.config import DEFAULT_FORM

CASES = [((80, 24), False), ((120, 40), False), ((80, 24), True)]


def targets(app) -> dict:
    """Every answer, key, Back and Next on screen, where a tap finds it."""
    screen = app.screen
    found = {b.id: screen.find_widget(b).region for b in screen.query(ChoiceButton)}
    for name in ("#next", "#back"):
        found[name] = screen.find_widget(screen.query_one(name)).region
    for grid in screen.query(KeyGrid):
        if grid.display:
            origin = screen.find_widget(grid).region.offset
            for key, region in grid.key_regions().items():
                found[f"{grid.id}:{key}"] = region.translate(origin)
    return found


def on_screen(app) -> str:
    return " ".join(" ".join(s.text.split()) for s in app.screen._compositor.render_strips())


async def tap_key(pilot, grid: KeyGrid, key: str) -> None:
    await pilot.click(grid, offset=grid.key_offset(key))
    await pilot.pause()


async def tap_something(pilot, page) -> None:
    """What a patient taps after the message: the first answer, or a key."""
    app = pilot.app
    if page.type in ("single", "multiple"):
        await pilot.click(f"#answer-{page.id}-{page.options[0].id}")
        await pilot.pause()
        return
    grid = next(g for g in app.screen.query(KeyGrid) if g.display)
    await tap_key(pilot, grid, {"text": "a", "date": "1"}.get(page.type, "5"))


@pytest.mark.parametrize(
    ("size", "accessible"),
    CASES,
    ids=case_id,
)
async def test_the_problem_line_never_moves_a_target(size, accessible, tmp_path):
    app = kiosk_for(DEFAULT_FORM, tmp_path)
    pages = [p for p in app.site.form.pages if p.kind != "info" and p.required]
    assert {p.type for p in pages} >= {"text", "date", "single", "multiple", "scale"}
    async with app.run_test(size=size) as pilot:
        await start_shown(app, pilot, accessible)
        for page in pages:
            await app.switch_screen(screen_for(page))
            await pilot.pause()
            await pilot.click("#next")  # nothing given: the message comes
            await pilot.pause(0.1)
            said = " ".join(app.screen.query_one("#problem").render().plain.split())
            assert said and said in on_screen(app), page.id
            check_targets(app)  # every answer and key still whole and big enough
            where = targets(app)
            await tap_something(pilot, page)
            assert said not in on_screen(app), f"{page.id}: the message stayed"
            assert targets(app) == where, f"{page.id} at {size}: a tap moved a target"
            await tap_something(pilot, page)  # the same again (a multiple choice: off again)
            await pilot.click("#next")
            await pilot.pause(0.1)
            assert targets(app) == where, f"{page.id} at {size}: a tap moved a target"
