"""One case at the station, tried the ways it can go wrong: a scan that is not read never leaves
an old verdict looking current, identity comes before the scores, a low baseline gets no
threshold verdict, the in-room score is kept beside the kiosk's, and a pregnancy question the
date of birth hid is said where the date of birth is checked."""

from datetime import timedelta

import pytest
from station_helpers import NOW, StepClock, key_of, make_site, payload, shown, wedge_scan
from station_patients import BY_FLAG, CALM

from kiosk.station import StationApp
from kiosk.station.keyboard_layout import LAYOUTS
from kiosk.station.store import Store

SIZE = (80, 24)
AT = NOW.astimezone().strftime("%H:%M")


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def _app(config, clock=None):
    return StationApp(config, clock=clock or StepClock())


# --- every scan changes the banner ----------------------------------------------------------

NOT_READ = {
    "another barcode": "5012345678900",
    "a web address": "https://example.org/x?y=1",
    "half a receipt": None,  # filled in from the receipt itself
    "a layout that reads two ways": "§!§!§!",
}


@pytest.mark.parametrize("kind", sorted(NOT_READ))
async def test_a_scan_not_read_says_so_in_the_banner_and_whose_receipt_is_still_shown(
    site, tmp_path, kind
):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(BY_FLAG["driving_home"], key_of(tmp_path))
        await wedge_scan(pilot, text)
        banner = app.screen.query_one("#banner")
        assert banner.has_class("-verified")
        await wedge_scan(pilot, NOT_READ[kind] or text[: len(text) // 2])
        said = shown(app, "#banner")
        assert said.startswith(
            f"LAST SCAN NOT READ - still showing the receipt of Ann Calm scanned at {AT}."
        )
        assert not said.startswith("VERIFIED") and banner.has_class("-stale")
        assert not banner.has_class("-verified")
        assert "Driving home" in shown(app, "#flags")  # the case is kept, and labelled
        await wedge_scan(pilot, text)  # the same receipt again: verified again
        assert shown(app, "#banner").startswith("VERIFIED") and banner.has_class("-verified")


async def test_a_scan_not_read_on_an_empty_station_says_so(site):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, "https://example.org")
        said = shown(app, "#banner")
        assert said.startswith("LAST SCAN NOT READ - ") and "No receipt is on screen" in said
        await wedge_scan(pilot, "5012345678900")  # digits, so decoded, and found unreadable
        assert shown(app, "#banner").startswith("NOT READABLE - ")


async def test_a_tampered_receipt_after_a_valid_one_replaces_the_patient(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        forged = payload({**BY_FLAG["blood_thinner"], "name": "Bob Forged"}, b"k" * 32)
        await wedge_scan(pilot, forged)
        assert shown(app, "#banner").startswith("UNVERIFIED - tampered")
        assert "Bob Forged" in shown(app, "#patient")
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "Ann Calm" not in screen_text and "VERIFIED - kiosk" not in screen_text


async def test_every_scan_of_a_run_changes_the_banner(site, tmp_path):
    """Alternate good and bad scans: after each, the banner says what that scan was."""
    app = _app(site)
    key = key_of(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for i in range(3):
            name = f"Patient {'ABC'[i]}"
            await wedge_scan(
                pilot, payload({**CALM, "name": name}, key, NOW - timedelta(minutes=i + 1))
            )
            assert shown(app, "#banner").startswith("VERIFIED")
            assert name in shown(app, "#patient")
            await wedge_scan(pilot, "https://example.org")
            assert f"still showing the receipt of {name}" in shown(app, "#banner")


# --- identity first -------------------------------------------------------------------------


async def test_until_identity_is_confirmed_the_screen_says_so_and_scores_wait(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(BY_FLAG["blood_thinner"], key_of(tmp_path)))
        banner = shown(app, "#banner")
        assert banner.index("name and date of birth") < banner.index("act on the flags")
        status = app.screen.query_one("#identity-status")
        assert shown(app, "#identity-status").startswith("NOT YET CONFIRMED")
        assert status.region.y < app.screen.query_one("#flags").region.y  # above the flags
        for keypad in ("#room-pain", "#post-pain"):
            assert app.screen.query_one(keypad).disabled
        await pilot.click("#room-pain-5")
        await pilot.click("#post-pain-1")
        case = app.store.get(app.screen.case.id)
        assert (case.room_baseline, app.screen.post) == (None, None)  # nothing recorded
        await pilot.click("#confirm-identity")
        assert shown(app, "#identity-status") == "✓ Identity confirmed"
        assert not app.screen.query_one("#post-pain").disabled


async def test_the_next_patient_starts_unconfirmed(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        await pilot.click("#confirm-identity")
        await wedge_scan(pilot, payload({**CALM, "name": "Bo"}, key_of(tmp_path), NOW))
        assert shown(app, "#identity-status").startswith("NOT YET CONFIRMED")
        assert not app.screen.query_one("#confirm-identity").value
        assert app.screen.query_one("#post-pain").disabled


# --- relief from a low baseline, and the in-room baseline -----------------------------------


async def _scored(pilot, room: int | None, post: int) -> str:
    await pilot.click("#confirm-identity")
    if room is not None:
        await pilot.click(f"#room-pain-{room}")
    await pilot.click(f"#post-pain-{post}")
    return shown(pilot.app, "#relief")


@pytest.mark.parametrize(("baseline", "post"), [(1, 0), (2, 0), (2, 1), (0, 0), (1, 3)])
async def test_a_low_baseline_gets_no_relief_percent_or_threshold_verdict(
    site, tmp_path, baseline, post
):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload({**CALM, "pain_score": baseline}, key_of(tmp_path)))
        assert "Low pain before block" in shown(app, "#flags")
        relief = await _scored(pilot, None, post)
        assert "cannot be judged" in relief
        assert "%" not in relief and "meets" not in relief and "threshold verdict" in relief


async def test_a_baseline_just_over_the_limit_is_judged(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload({**CALM, "pain_score": 3}, key_of(tmp_path)))
        relief = await _scored(pilot, None, 0)
        assert "relief 100%" in relief and "meets 80% threshold" in relief


async def test_the_in_room_baseline_is_kept_beside_the_kiosk_score_and_used(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload({**CALM, "pain_score": 1}, key_of(tmp_path)))
        relief = await _scored(pilot, 6, 3)
        assert relief.startswith("From the in-room score 6 (kiosk 1): ")
        assert "relief 50%" in relief and "meets 50% threshold" in relief
        case_id = app.screen.case.id
    with Store(tmp_path / "var" / "station.sqlite3") as store:  # after a restart
        case = store.get(case_id)
        assert (case.baseline, case.room_baseline, case.relief_baseline) == (1, 6, 6)


async def test_a_rescan_shows_the_in_room_score_already_recorded(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, text)
        await _scored(pilot, 4, 2)
        await wedge_scan(pilot, payload({**CALM, "name": "Bo"}, key_of(tmp_path), NOW))
        assert "[4]" not in str(app.screen.query_one("#room-pain-4").label)
        await wedge_scan(pilot, text)
        assert str(app.screen.query_one("#room-pain-4").label) == "[4]"


def test_a_station_file_from_before_the_in_room_score_gains_the_column(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE cases (id INTEGER PRIMARY KEY, payload TEXT NOT NULL UNIQUE,"
        " status TEXT NOT NULL, reason TEXT NOT NULL, form_id TEXT, form_version TEXT,"
        " kiosk_id TEXT, issued_at TEXT, answers TEXT, baseline INTEGER,"
        " scanned_at TEXT NOT NULL, identity_confirmed INTEGER NOT NULL DEFAULT 0,"
        " post_score INTEGER, staff TEXT, completed_at TEXT)"
    )
    db.execute(
        "INSERT INTO cases (payload, status, reason, baseline, scanned_at)"
        " VALUES ('123', 'valid', '', 7, '2026-11-25T10:00:00+00:00')"
    )
    db.commit()
    db.close()
    with Store(path) as store:
        (case,) = store.cases_since(NOW - timedelta(days=1))
        assert (case.baseline, case.room_baseline) == (7, None)
        assert store.set_room_baseline(case.id, 5).room_baseline == 5


# --- pregnancy ------------------------------------------------------------------------------


async def test_pregnancy_not_asked_for_age_is_said_beside_the_date_of_birth(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload({**CALM, "dob": "1962-01-10"}, key_of(tmp_path)))
        patient = shown(app, "#patient")
        assert "Born: 10 Jan 1962 (age 64)" in patient
        assert (
            "Could be pregnant: not asked - age 64 from the date of birth given "
            "(asked at ages 12-55)"
        ) in patient
        texts = app.export_screenshot().replace("&#160;", " ")
        assert "age 64 from the date of birth given" in texts  # on screen at 80x24


STILL_ASKS = "The radiographer still asks and records the pregnancy check in the room."
A_NO_IS_NOT = "A No is not the pregnancy check: the radiographer still asks and records it."
PREGNANCY_AT_THE_STATION = {
    # answer: (the pregnancy line under Answers, a STOP flag it raises, or None)
    "yes": (f"Yes. {STILL_ASKS}", "Possible pregnancy"),
    "no": (f"No. {A_NO_IS_NOT}", None),
    "not_sure": (f"Not sure. {STILL_ASKS}", "Possible pregnancy"),
    "prefer_to_discuss": (f"Wants to discuss. {STILL_ASKS}", "Possible pregnancy"),
    "not answered": (f"Not answered. {STILL_ASKS}", "Not answered: ask the patient: Could be"),
    "not asked": ("Not asked (age 64 from the date of birth given)", None),
}  # fmt: skip


async def test_each_pregnancy_answer_reads_right_at_the_station(site, tmp_path):
    """Read after each answer, the line says what the patient said and never lets a No stand
    for the pregnancy check; a question the age hid says so, beside the date of birth too."""
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        for answer, (expected, stop) in PREGNANCY_AT_THE_STATION.items():
            raw = {**CALM, "dob": "1962-01-10" if answer == "not asked" else "1990-05-01"}
            if answer not in ("not answered", "not asked"):
                raw["pregnancy"] = answer
            await wedge_scan(pilot, payload(raw, key_of(tmp_path)))
            assert shown(app, "#banner").startswith("VERIFIED"), answer
            lines = [x for x in shown(app, "#answers").splitlines() if "pregnant" in x]
            assert lines == [f"Could be pregnant: {expected}"], answer
            flags = shown(app, "#flags")
            assert (stop is not None and stop in flags) or "pregnan" not in flags.lower(), answer
            not_asked = "Could be pregnant: not asked - age 64" in shown(app, "#patient")
            assert not_asked is (answer == "not asked"), answer


async def test_layout_scans_from_the_other_direction_still_read(site, tmp_path):
    """A French-set scanner on a German PC, end to end."""
    shifted = dict(zip("1234567890", LAYOUTS["German QWERTZ"], strict=True))
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, "".join(shifted[d] for d in text))
        assert shown(app, "#banner").startswith("VERIFIED")
        assert "this PC types German QWERTZ" in shown(app, "#scan")
