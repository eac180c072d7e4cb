"""`decode()` never raises, for any string of any length: nor does `kiosk verify`'s report or
the station's scan handler. Over 10,000 scans: hypothesis-made ones, then seeded random ones
built around real payloads (cut, stretched, re-checksummed so they get past the check digits).
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from station_helpers import NOW, key_of, make_site, payload

from kiosk.cli import main as kiosk_cli
from kiosk.commands.receipt import EXIT_EXPIRED, EXIT_INVALID, EXIT_VALID, verify_report
from kiosk.core.payload import MAX_DIGITS, check_digits, decode
from kiosk.settings.load import load_site
from kiosk.station import StationApp
from kiosk.station.widgets.scan_field import ScanField

ALL_NO = {"name": "Ada Lovelace", "dob": "1980-04-02", "pain_relief_6h": "no",
          "blood_thinners": ["none"], "pregnancy": "no", "transport_home": "someone_driving",
          "ready_for_consent": "yes", "pain_score": 7}  # fmt: skip
_FOLDER = tempfile.TemporaryDirectory()
FOLDER = Path(_FOLDER.name)
CONFIG = make_site(FOLDER)
SITE = load_site(CONFIG)
KEY = key_of(FOLDER)
GOOD = payload(ALL_NO, KEY)
STATION = StationApp(CONFIG, clock=lambda: NOW)
MAX_AGE = timedelta(hours=24)
STATUSES = {"valid", "tampered", "expired", "malformed", "unknown_form"}


def with_check(body: str) -> str:
    """`body` made to pass the check digits, so decoding goes past the first gate."""
    return "1" + body + check_digits("1" + body)


def scan_everywhere(text: str) -> str:
    """Push one scan through decode, verify's report and the station; return decode's status."""
    decoded = decode(text, [SITE.form], KEY, MAX_AGE, NOW)
    assert decoded.status in STATUSES
    assert isinstance(decoded.reason, str) and decoded.reason
    code, report = verify_report(text, SITE, KEY, NOW)
    assert code in (EXIT_VALID, EXIT_INVALID, EXIT_EXPIRED) and report["status"] == decoded.status
    json.dumps(report)  # printable as it is
    outcome = STATION.read_scan(text)
    assert isinstance(outcome.message, str) and outcome.message
    if len(text) > MAX_DIGITS + 100:
        assert decoded.status == "malformed" and "not a Gate 18 receipt" in decoded.reason
        assert "not a check-in receipt" in outcome.message and outcome.decoded is None
    return decoded.status


def test_a_real_payload_still_verifies():
    assert scan_everywhere(GOOD) == "valid"


@pytest.mark.parametrize("length", [4299, 4300, 4301, 4302, 4400, 7089, 7090, 7200, 100_000])
def test_long_digit_runs_with_good_check_digits_are_not_receipts_and_do_not_raise(length):
    text = with_check("7" * (length - 3))
    assert len(text) == length
    assert scan_everywhere(text) in ("malformed", "unknown_form")  # never valid, never raises


def test_kiosk_verify_says_not_a_receipt_for_a_huge_scan(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(with_check("3" * 20_000)))
    code = kiosk_cli(["verify", "-", "--config", str(CONFIG)])
    out = json.loads(capsys.readouterr().out)
    assert code == EXIT_INVALID and out["status"] == "malformed"
    assert "not a Gate 18 receipt code" in out["reason"]


def scans():
    digits = st.text(alphabet="0123456789", min_size=0, max_size=9000)
    return st.one_of(
        st.text(max_size=200),  # any characters at all
        st.text(min_size=4000, max_size=8000),
        digits,
        digits.map(with_check),
        st.builds(lambda i, d: GOOD[:i] + d + GOOD[i:], st.integers(0, len(GOOD)), digits),
        st.integers(0, len(GOOD)).map(lambda i: with_check(GOOD[1:i])),
    )


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(scans())
@example("1" * 4301)
@example(with_check("9" * 7000))
@example("\x00" * 10 + GOOD)
@example(GOOD + "\n" + GOOD)
@example("١٢٣٤٥٦٧٨٩٠" * 10)  # Arabic-Indic digits: str.isdigit() says yes
def test_any_scan_gets_a_status_never_an_exception(text):
    scan_everywhere(text)


def seeded_scans(count: int, seed: int = 13):
    """`count` scans built around real payloads: changed, cut, stretched, run together, long."""
    rng = random.Random(seed)
    alphabet = "0123456789" * 8 + "é李\x00\n\t -&\"'(§è!çà)"
    for n in range(count):
        kind = n % 5
        if kind == 0:  # a real payload with digits changed, cut or stretched, re-checksummed
            body = list(GOOD[1:-2])
            for _ in range(rng.randint(1, 4)):
                body[rng.randrange(len(body))] = rng.choice("0123456789")
            cut = rng.choice([len(body), rng.randint(0, len(body))])  # whole, or cut
            noise = rng.choices("0123456789", k=rng.choice([0, rng.randint(0, 60)]))
            yield with_check("".join(body[:cut]) + "".join(noise))
        elif kind == 1:  # a long run of digits that passes the check digits
            yield with_check(
                "".join(rng.choices("0123456789", k=rng.choice([30, 500, 4300, 7100])))
            )
        elif kind == 2:  # any characters
            yield "".join(rng.choices(alphabet, k=rng.randint(0, 300)))
        elif kind == 3:  # two scans run together, or one with noise around it
            yield rng.choice(["", " ", "\n", "x"]) + GOOD + rng.choice(["", GOOD, "\r\n", "0"])
        else:  # very long
            yield rng.choice("0123456789x") * rng.choice([7090, 20_000, 200_000])


def test_ten_thousand_seeded_scans_around_real_payloads():
    statuses: dict[str, int] = {}
    for text in seeded_scans(10_000):
        status = scan_everywhere(text)
        statuses[status] = statuses.get(status, 0) + 1
    assert sum(statuses.values()) == 10_000
    assert statuses.get("malformed", 0) > 5000 and statuses.get("tampered", 0) > 0, statuses


def run_verify(text: str, *, stdin: bool) -> tuple[int, dict, str]:
    """`kiosk verify` as a user runs it, in this process: exit code, its JSON, its stderr."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["verify", "-" if stdin else text, "--config", str(CONFIG), "--now", NOW.isoformat()]
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        mock.patch("sys.stdin", io.StringIO(text)),
    ):
        code = kiosk_cli(argv)
    return code, json.loads(out.getvalue()), err.getvalue()


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(scans(), st.booleans())
@example("7" * 20_000, False)
@example(GOOD, True)
@example("-" + GOOD, False)  # looks like an option, is given as the payload
def test_kiosk_verify_answers_any_scan_with_a_verdict(text, stdin):
    if text.startswith("-") and not stdin:
        text = "0" + text  # argparse reads a leading "-" as an option, as it should
    code, report, err = run_verify(text, stdin=stdin)
    assert code in (EXIT_VALID, EXIT_INVALID, EXIT_EXPIRED), err
    assert "Traceback" not in err and report["status"] in STATUSES
    if text.strip() == GOOD:
        assert code == EXIT_VALID and report["status"] == "valid"


async def test_seeded_scans_through_the_station_screen():
    """The scan handler itself (as a serial scanner posts a scan), drawing each outcome."""
    app = StationApp(CONFIG, clock=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.station_screen
        for n, text in enumerate(seeded_scans(250, seed=18)):
            screen.post_message(ScanField.Scanned(text))
            if n % 10 == 9:
                await pilot.pause()
                assert app.is_running and app.screen is screen
        await pilot.pause()
        assert app.is_running
        said = str(screen.query_one("#scan").render())
        assert said and "Traceback" not in said
        screen.post_message(ScanField.Scanned(GOOD))
        await pilot.pause()
        assert str(screen.query_one("#banner").render()).startswith("VERIFIED")
