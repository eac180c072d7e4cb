"""The station's words: one banner sentence per verification state, then what to do; answers
in the form's wording, never its ids."""

from datetime import date, timedelta

import pytest
from station_helpers import FORM, NOW, payload, repeated_phrase
from station_patients import BY_FLAG, CALM

from kiosk.core.answers import from_json
from kiosk.core.form import load_form
from kiosk.core.payload import decode, encode
from kiosk.core.summary import build_summary
from kiosk.settings.config import DEFAULT_FORM
from kiosk.station.wording import unverified_banner, verified_banner

KEY = b"s" * 32
MAX_AGE = timedelta(hours=24)


def _refused_answer() -> str:
    issued = NOW - timedelta(minutes=5)
    answers = from_json(FORM, CALM, issued.date())
    answers["dob"] = date(2020, 1, 1)  # age 6: the form allows 16-120
    return encode(build_summary(FORM, answers, issued), FORM, KEY, "1", issued)


def _receipts() -> dict[str, str]:
    good = payload(CALM, KEY)
    other_form = load_form(DEFAULT_FORM, {"pregnancy_age_max": 50})
    return {
        "tampered": payload(BY_FLAG["blood_thinner"], b"k" * 32),
        "expired": payload(CALM, KEY, NOW - timedelta(hours=30)),
        "malformed": _refused_answer(),
        "unreadable": good[: len(good) // 2],
        "unknown_form": payload(CALM, KEY, form=other_form),
    }


def _banner(kind: str) -> str:
    decoded = decode(_receipts()[kind], [FORM], KEY, MAX_AGE, NOW)
    assert decoded.status == ("malformed" if kind == "unreadable" else kind)
    return unverified_banner(decoded.status, decoded.reason, readable=decoded.summary is not None)


@pytest.mark.parametrize("kind", ["tampered", "expired", "malformed", "unreadable", "unknown_form"])
def test_each_banner_says_what_is_wrong_once_then_what_to_do(kind):
    banner = _banner(kind)
    head, _, rest = banner.partition(" - ")
    assert head == ("NOT READABLE" if kind == "unreadable" else "UNVERIFIED")
    what, _, to_do = rest.partition(". ")
    assert what and to_do, banner  # a sentence on what is wrong, then what to do
    assert to_do.endswith(".")
    assert repeated_phrase(banner) is None, banner


def test_tampered_banner_is_one_plain_sentence_and_what_to_do():
    assert _banner("tampered") == (
        "UNVERIFIED - tampered or unknown key: the signature does not match this station's key."
        " Do not trust the answers; go through the questions with the patient."
        " If every receipt says this, copy the kiosk's key file here."
    )


def test_expired_banner_gives_the_age_once():
    banner = _banner("expired")
    assert banner.startswith("UNVERIFIED - expired: issued 30 h ago, limit 24 h. ")
    assert banner.count("expired") == 1


def test_a_receipt_outside_the_window_but_not_old_is_not_called_expired():
    reason = "issued in the future: check the kiosk's and this computer's clocks"
    banner = unverified_banner("expired", reason, readable=True)
    assert banner == f"UNVERIFIED - {reason}. Go through the questions with the patient."


def test_verified_banner_names_the_kiosk_and_what_to_do():
    banner = verified_banner("1", NOW)
    assert banner.startswith("VERIFIED - kiosk 1, issued ")
    assert repeated_phrase(banner) is None
    # identity first: the name and date of birth are checked before any flag is acted on
    assert banner.index("name and date of birth") < banner.index("act on the flags")
