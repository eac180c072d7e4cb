"""A second tap where the first landed presses the same answer (kiosk/patient/screens/choice.py).

Seen walking the kiosk at 80x24 (issue 11): a tap on "I am driving myself" showed the form's note
above the answers and pushed them down 3 rows, so a second tap 0.3 s later, in the same place,
chose "Taxi, bus or train". A patient who taps twice, or taps again to be sure, must never change
their answer to one they did not touch. So on every choice page of both forms, at every size, an
answer is tapped in turn (each option forward, then back), and after every tap the answer under
that spot must still be the one tapped, and no answer may have moved (a tap near an edge would
otherwise find the next one).
"""

from __future__ import annotations

import pytest
from test_app_choice import DISPLAY_CASES, case_id, kiosk_for, start_shown
from test_second_form import KNEE

from kiosk.patient.screens.choice import ChoiceScreen
from kiosk.patient.widgets.choice_button import ChoiceButton
from kiosk.settings.config import DEFAULT_FORM


def centre(app, button) -> tuple[int, int]:
    region = app.screen.find_widget(button).region
    return region.x + region.width // 2, region.y + region.height // 2


def regions(app) -> dict:
    return {b.id: app.screen.find_widget(b).region for b in app.screen.query(ChoiceButton)}


def button_at(app, spot: tuple[int, int]):
    widget, _ = app.screen.get_widget_at(*spot)
    while widget is not None and not isinstance(widget, ChoiceButton):
        widget = widget.parent
    return widget


@pytest.mark.parametrize(
    ("size", "accessible"),
    DISPLAY_CASES,
    ids=case_id,
)
@pytest.mark.parametrize("form", [DEFAULT_FORM, KNEE], ids=["default", "knee"])
async def test_a_second_tap_in_the_same_place_presses_the_same_answer(
    form, size, accessible, tmp_path
):
    app = kiosk_for(form, tmp_path)
    pages = [p for p in app.site.form.pages if getattr(p, "type", None) in ("single", "multiple")]
    with_notes = [p.id for p in pages if any(o.note for o in p.options)]
    if form == DEFAULT_FORM:  # the page where it was seen is among them
        assert "transport_home" in with_notes
    async with app.run_test(size=size) as pilot:
        await start_shown(app, pilot, accessible)
        for page in pages:
            await app.switch_screen(ChoiceScreen(page))
            await pilot.pause()
            ids = [f"answer-{page.id}-{option.id}" for option in page.options]
            for button_id in ids + ids[::-1]:
                button = app.screen.query_one(f"#{button_id}", ChoiceButton)
                spot = centre(app, button)
                before = regions(app)
                await pilot.click(offset=spot)
                await pilot.pause()
                assert regions(app) == before, f"{page.id} at {size}: {button_id} moved answers"
                under = button_at(app, spot)
                assert under is button, (
                    f"{page.id} at {size}: tapped {button_id} at {spot}; "
                    f"a second tap there would press {under.id if under else 'nothing'}"
                )
