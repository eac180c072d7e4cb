"""SVG snapshots of the key screens at 80x24 and 120x40, normal and high-contrast + larger text.

The clock is fixed and the pages are reached through the Session, so the pictures are stable.
Update after a deliberate change with `pytest tests/test_app_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_app_walk import kiosk

ANSWERS = {
    "name": "Ada Lovelace",
    "dob": date(1966, 3, 9),
    "pain_relief_6h": "no",
    "blood_thinners": ("warfarin",),
    "antiplatelets": ("none",),
    "allergies": ("none",),
    "unwell": "no",
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 4,
}


def at(target: str, accessible: bool):
    async def run_before(pilot) -> None:
        app = pilot.app
        if accessible:
            # Set directly rather than clicked: a clicked button stays "active" for 0.2 s and
            # under the mouse, which would make the picture depend on timing.
            app.large_text = app.high_contrast = True
            app.apply_display()
        if target == "welcome":
            await pilot.pause()
            return
        session = app.session
        for page in session.form.pages:
            if page.kind == "info":
                session.acknowledge(page.id)
        for qid, value in ANSWERS.items():
            if target in ("review", "done") or qid in ("name", "dob", target):
                session.set_answer(qid, value)
        if target == "review":
            app.show_review()
        elif target == "done":
            app.confirm()
            await pilot.pause()
            await app.workers.wait_for_complete()
        else:
            session.go_to(target)
            app.show_page()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("accessible", [False, True], ids=["normal", "contrast-large"])
@pytest.mark.parametrize(
    "target", ["welcome", "about", "name", "dob", "pain_relief_6h", "pain_score", "review", "done"]
)
def test_screen_looks_right(snap_compare, target, accessible, size):
    app = kiosk()
    app.done_return_s = 3600
    assert snap_compare(app, terminal_size=size, run_before=at(target, accessible))
