"""The station screen, driven as a keyboard-wedge scanner and a radiographer would drive it."""

from datetime import date, timedelta

import pytest
from station_helpers import FORM, NOW, StepClock, key_of, make_site, payload, shown, wedge_scan
from station_patients import BY_FLAG, CALM
from textual.widgets import Static

from kiosk.core.answers import from_json
from kiosk.core.form import load_form
from kiosk.core.payload import encode
from kiosk.core.summary import build_summary
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station import StationApp
from kiosk.station.keyboard_layout import LAYOUTS

SIZE = (120, 60)


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path)


def _app(config, **kwargs):
    return StationApp(config, clock=kwargs.pop("clock", StepClock()), **kwargs)


async def test_patient_with_no_flags_is_verified_and_shown_in_full(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")
        assert shown(app, "#flags") == "No safety flags"
        assert "Patient: Ann Calm" in shown(app, "#patient")
        assert "Born: 12 Mar 1961 (age 65)" in shown(app, "#patient")
        answers = shown(app, "#answers")
        assert "Going home: Driven by someone" in answers
        assert "Could be pregnant: Not asked (age 65 from the date of birth given)" in answers
        assert (
            "Other blood thinner: Not asked (asked only when Antiplatelets includes Other)\n"
            in (answers)
        )
        assert not [q.id for q in FORM.questions if "_" in q.id and q.id in answers]  # no ids
        assert answers.endswith("Baseline pain score (kiosk): 7/10 Bad")
        # Shown once, above or as the last line, not again among the answers:
        assert "Name:" not in answers and "Date of birth:" not in answers
        assert "Pain score now" not in answers
        assert "NOT YET CONFIRMED" in shown(app, "#identity-status")
        assert app.screen.query_one("#scan").has_focus


@pytest.mark.parametrize("flag_id", sorted(BY_FLAG))
async def test_each_flag_is_shown_first_with_its_action(site, tmp_path, flag_id):
    rule = next(r for r in FORM.flags if r.id == flag_id)
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(BY_FLAG[flag_id], key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")
        flags = shown(app, "#flags").splitlines()
        assert flags[0] == f"SAFETY FLAGS (1 {rule.severity.upper()})"
        assert f"{rule.title}: {rule.action}" in flags[1]
        assert flags[1].split()[1] == rule.severity.upper()  # after its mark: ■ ▲ ●
        assert len(flags) == 2  # that flag and no other


async def test_tampered_payload_is_shown_unverified_never_hidden(site):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(BY_FLAG["blood_thinner"], b"k" * 32))
        banner = shown(app, "#banner")
        assert banner.startswith("UNVERIFIED") and "tampered" in banner
        assert "VERIFIED" not in banner.replace("UNVERIFIED", "")
        assert shown(app, "#flags").startswith("UNVERIFIED - SAFETY FLAGS (1 STOP)")
        assert "Blood thinner: check with radiologist" in shown(app, "#flags")
        assert "UNVERIFIED - Patient: Ann Calm" in shown(app, "#patient")
        assert "Other blood thinner: Edoxaban" in shown(app, "#answers")
        assert app.screen.query_one("#banner").has_class("-unverified")


async def test_expired_payload_says_expired_with_its_age(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        old = payload(CALM, key_of(tmp_path), issued_at=NOW - timedelta(hours=30))
        await wedge_scan(pilot, old)
        banner = shown(app, "#banner")
        assert banner.startswith("UNVERIFIED - expired")
        assert "30 h" in banner and banner.count("expired") == 1
        assert "Ann Calm" in shown(app, "#patient")


async def test_half_scan_is_malformed_and_the_station_stays_ready(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, text[: len(text) // 2])
        assert shown(app, "#banner").startswith("NOT READABLE")
        assert "scan the receipt again" in shown(app, "#scan")
        assert "Nothing could be decoded" in shown(app, "#flags")
        await wedge_scan(pilot, text)
        assert shown(app, "#banner").startswith("VERIFIED")
        assert len(app.store.cases_since(NOW - timedelta(days=1))) == 1


async def test_another_barcode_mid_case_keeps_the_case_on_screen(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        await pilot.click("#confirm-identity")
        await pilot.click("#post-pain-4")
        await wedge_scan(pilot, "5012345678900")  # an EAN-13 from a drug box
        assert "scan the receipt again" in shown(app, "#scan")
        at = NOW.astimezone().strftime("%H:%M")
        assert shown(app, "#banner").startswith(
            f"LAST SCAN NOT READ - still showing the receipt of Ann Calm scanned at {at}."
        )
        assert "Ann Calm" in shown(app, "#patient")
        assert "relief 43%" in shown(app, "#relief")


async def test_garbage_gives_a_calm_message_and_keeps_the_case(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        await wedge_scan(pilot, "https://example.org/x?y=1")
        assert "not a check-in receipt" in shown(app, "#scan")
        assert shown(app, "#banner").startswith("LAST SCAN NOT READ - still showing")
        assert "Ann Calm" in shown(app, "#patient")


async def test_slow_typing_is_not_a_scan_and_the_next_scan_reads(site, tmp_path):
    clock = StepClock(step=0.3)  # a person: 300 ms between keys
    app = _app(site, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, text)
        assert shown(app, "#scan") == "Ready: scan a receipt"
        assert shown(app, "#banner") == "No receipt scanned yet"
        await pilot.press("1", "2")  # slow keys just before a scan are dropped
        clock.step = timedelta(seconds=0.004)
        await wedge_scan(pilot, text)
        assert shown(app, "#banner").startswith("VERIFIED")


async def test_same_receipt_twice_opens_the_same_case(site, tmp_path):
    clock = StepClock()
    app = _app(site, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, text)
        first = app.screen.case
        clock.now += timedelta(minutes=7)
        await wedge_scan(pilot, text)
        local = NOW.astimezone().strftime("%H:%M")
        assert f"Already scanned at {local}" in shown(app, "#scan")
        assert app.screen.case.id == first.id
        assert len(app.store.cases_since(NOW - timedelta(days=1))) == 1


async def test_wrong_keyboard_layout_is_read_and_explained(site, tmp_path):
    azerty = dict(zip("1234567890", LAYOUTS["French AZERTY"], strict=True))
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, "".join(azerty[d] for d in text))
        message = shown(app, "#scan")
        assert "French AZERTY" in message and "keyboard layout" in message
        assert shown(app, "#banner").startswith("VERIFIED")


async def test_french_set_scanner_on_a_us_pc_is_read_and_explained(site, tmp_path):
    shifted = dict(zip("1234567890", LAYOUTS["US English"], strict=True))
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        text = payload(CALM, key_of(tmp_path))
        await wedge_scan(pilot, "".join(shifted[d] for d in text))
        message = shown(app, "#scan")
        assert "this PC types US English" in message and "French" in message
        assert "not a check-in receipt" not in message
        assert shown(app, "#banner").startswith("VERIFIED")
        assert "Ann Calm" in shown(app, "#patient")


async def test_post_score_relief_identity_and_save(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))  # baseline 7
        assert "Enter the pain score" in shown(app, "#relief")
        await pilot.click("#post-pain-3")  # identity first: the keypad waits for the tick
        assert "Enter the pain score" in shown(app, "#relief")
        assert app.screen.query_one("#post-pain").disabled
        await pilot.click("#confirm-identity")
        await pilot.click("#post-pain-3")
        relief = shown(app, "#relief")
        assert "relief 57%" in relief
        assert "meets 50% threshold" in relief and "does not meet 80% threshold" in relief
        assert shown(app, "#identity-status") == "✓ Identity confirmed"
        await pilot.click("#staff-initials")
        await pilot.press("a", "b")
        await pilot.click("#save")
        assert shown(app, "#save-status").startswith("Saved") and "AB" in shown(app, "#save-status")
        case = app.store.get(app.screen.case.id)
        assert (case.post_score, case.staff, case.identity_confirmed) == (3, "AB", True)
        assert case.completed_at is not None


@pytest.mark.parametrize(
    ("baseline", "post", "expected"),
    [(0, 2, "cannot be judged: baseline pain was 0"), (4, 6, "WORSE"), (8, 0, "relief 100%")],
)
async def test_relief_edge_cases_on_screen(site, tmp_path, baseline, post, expected):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload({**CALM, "pain_score": baseline}, key_of(tmp_path)))
        await pilot.click("#confirm-identity")
        await pilot.click(f"#post-pain-{post}")
        assert expected in shown(app, "#relief")


async def test_scan_while_typing_initials_is_still_a_scan(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#staff-initials")
        await wedge_scan(pilot, payload(CALM, key_of(tmp_path)))
        assert shown(app, "#banner").startswith("VERIFIED")
        assert app.screen.query_one("#staff-initials").value == ""


async def test_signed_receipt_with_an_answer_the_kiosk_refuses_is_shown_unverified(site, tmp_path):
    issued = NOW - timedelta(minutes=5)
    answers = from_json(FORM, CALM, issued.date())
    answers["dob"] = date(2020, 1, 1)  # age 6: the form allows 16-120
    text = encode(build_summary(FORM, answers, issued), FORM, key_of(tmp_path), "1", issued)
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, text)
        banner = shown(app, "#banner")
        assert banner.startswith("UNVERIFIED - malformed receipt code") and "dob" in banner
        assert "UNVERIFIED - Patient: Ann Calm" in shown(app, "#patient")


async def test_unknown_form_scan_replaces_the_case_on_screen(site, tmp_path):
    """A receipt from a form this station lacks is a new case: the last patient must go."""
    other = load_form(DEFAULT_FORM, {"pregnancy_age_max": 50})  # another site's parameters
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(BY_FLAG["driving_home"], key_of(tmp_path)))
        assert "Ann Calm" in shown(app, "#patient")
        bob = payload({**CALM, "name": "Bob Other"}, key_of(tmp_path), form=other)
        await wedge_scan(pilot, bob)
        banner = shown(app, "#banner")
        assert banner.startswith("UNVERIFIED - unknown form version")
        assert "Ann Calm" not in shown(app, "#patient")
        assert "Driving home" not in shown(app, "#flags")
        assert "Nothing could be decoded" in shown(app, "#flags")
        assert "cannot show" in shown(app, "#scan")
        assert shown(app, "#identity-status") == ""
        assert app.screen.case is not None and app.screen.case.status == "unknown_form"
        assert app.screen.query_one("#post-pain").disabled


async def test_flags_of_another_height_are_laid_out_in_full(site, tmp_path):
    """A scan re-lays out the screen only when a text's height changes: check it does then."""
    two_flags = {**BY_FLAG["blood_thinner"], "transport_home": "driving_myself"}
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        flags, answers = app.screen.query_one("#flags"), app.screen.query_one("#answers")
        legend = app.screen.query_one("#legend")
        for raw, lines in ((CALM, 1), (two_flags, 3), (BY_FLAG["driving_home"], 2), (CALM, 1)):
            await wedge_scan(pilot, payload(raw, key_of(tmp_path)))
            assert flags.content_size.height == lines  # "SAFETY FLAGS", then a line each
            assert flags.region.height == lines
            below = legend if legend.display else answers  # no flags: no legend
            assert below.region.y == flags.region.bottom


async def test_a_banner_that_wraps_is_shown_in_full_on_a_narrow_screen(site, tmp_path):
    app = _app(site)
    async with app.run_test(size=(60, 60)) as pilot:
        banner = app.screen.query_one("#banner")
        for key in (key_of(tmp_path), b"k" * 32, key_of(tmp_path)):
            await wedge_scan(pilot, payload(CALM, key))
            size = banner.content_size
            assert size.height == banner.get_content_height(size, size, size.width) > 1


async def test_the_next_patient_redraws_only_what_changed_without_a_relayout(
    site, tmp_path, monkeypatch
):
    """What keeps scan-to-screen fast (benchmarks/station.py): no update of unchanged text, and
    no re-layout of the screen when nothing changed height."""
    app = _app(site)
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, payload(BY_FLAG["driving_home"], key_of(tmp_path)))
        updates = []
        original = Static.update

        def update(self, content="", *, layout=True):
            updates.append((self.id, layout))
            original(self, content, layout=layout)

        monkeypatch.setattr(Static, "update", update)
        bo = {**BY_FLAG["blood_thinner_unsure"], "name": "Bo"}
        await wedge_scan(pilot, payload(bo, key_of(tmp_path), NOW - timedelta(minutes=5)))
        assert sorted(updates) == [
            ("answers", False), ("banner", False), ("flags", False), ("patient", False)
        ]  # fmt: skip
        assert "Bo" in shown(app, "#patient") and "Blood thinner" in shown(app, "#flags")
