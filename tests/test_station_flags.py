"""Every flag of the form reaches all three places: the paper, the QR and the station screen.

One patient per flag (tests/station_patients.py). A flag added to the form without a patient
here fails the first test, so no new flag can skip the end-to-end check.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from station_helpers import FORM, NOW, StepClock, key_of, make_site, payload, shown, wedge_scan
from station_patients import BY_FLAG, WITH_BLOOD_THINNER

from kiosk.core.answers import from_json
from kiosk.core.escpos import PAPER_DOTS
from kiosk.core.payload import decode
from kiosk.core.preview import render
from kiosk.core.receipt_layout import render_receipt
from kiosk.core.summary import build_summary
from kiosk.settings.load import load_site
from kiosk.station import StationApp

PATIENTS = {**BY_FLAG, **WITH_BLOOD_THINNER}


def test_every_flag_of_the_form_has_a_patient_here():
    assert set(PATIENTS) == {rule.id for rule in FORM.flags}


@pytest.mark.parametrize("flag_id", sorted(WITH_BLOOD_THINNER))
async def test_blood_thinner_follow_up_flags_are_shown_at_the_station(tmp_path, flag_id):
    rule = next(r for r in FORM.flags if r.id == flag_id)
    app = StationApp(make_site(tmp_path), clock=StepClock())
    async with app.run_test(size=(120, 60)) as pilot:
        await wedge_scan(pilot, payload(PATIENTS[flag_id], key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")
        flags = shown(app, "#flags")
        assert f"{rule.title}: {rule.action}" in flags
        assert "Blood thinner: " in flags  # the flag that opened the follow-up stays too


@pytest.mark.parametrize("flag_id", sorted(PATIENTS))
def test_each_flag_is_on_the_paper_and_in_the_qr(tmp_path, flag_id):
    site = load_site()
    make_site(tmp_path)  # writes the key file
    answers = from_json(FORM, PATIENTS[flag_id], NOW.date())
    summary = build_summary(FORM, answers, NOW - timedelta(minutes=20))
    code = payload(PATIENTS[flag_id], key_of(tmp_path))
    decoded = decode(code, [FORM], key_of(tmp_path), timedelta(hours=24), NOW)
    assert decoded.status == "valid"
    assert flag_id in {f.id for f in decoded.summary.flags}
    flag = next(f for f in summary.flags if f.id == flag_id)
    out = render(render_receipt(summary, FORM, site.config, code), PAPER_DOTS[80])
    paper = "".join("".join(line.text for line in out.lines).split())
    title, action = flag.paper_text
    assert "".join(f"{flag.severity.upper()}: {title}".split()) in paper
    assert "".join(action.split()) in paper
