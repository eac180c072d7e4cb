"""`kiosk receipt`, `preview`, `keygen` and `verify`, run as a user would run them."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from core_fixtures import run_cli, site_in
from PIL import Image

from kiosk.core.payload import encode
from kiosk.core.summary import build_summary
from kiosk.settings.load import load_site

ANSWERS = {
    "name": "Siobhán Ní Dhuibhir",
    "dob": "1962-03-14",
    "pain_relief_6h": "not_sure",
    "blood_thinners": ["rivaroxaban"],
    "antiplatelets": ["none"],
    "allergies": ["none"],
    "unwell": "no",
    "blood_thinner_stopped": "yes",
    "blood_thinner_last_dose": "days_4_7",
    "transport_home": "taxi_or_public_transport",
    "ready_for_consent": "yes",
    "pain_score": 8,
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A kiosk.toml of its own, so keys and receipts land in tmp_path."""
    return site_in(tmp_path, ANSWERS)


def test_keygen_writes_a_private_key_and_refuses_to_overwrite(site):
    first = run_cli("keygen", "--config", str(site))
    key = site.parent / "keys" / "site.key"
    assert first.returncode == 0, first.stderr
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    again = run_cli("keygen", "--config", str(site))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    before = key.read_text()
    assert run_cli("keygen", "--config", str(site), "--force").returncode == 0
    assert key.read_text() != before


def test_keygen_force_is_private_even_over_a_stale_world_readable_temp_file(site):
    keys = site.parent / "keys"
    keys.mkdir()
    stale = keys / "site.key.tmp"  # left by an interrupted keygen of an older version
    stale.write_text("stale\n")
    os.chmod(stale, 0o644)
    done = run_cli("keygen", "--config", str(site), "--force")
    assert done.returncode == 0, done.stderr
    assert "mode 0600" in done.stdout
    assert stat.S_IMODE(os.stat(keys / "site.key").st_mode) == 0o600
    assert stale.read_text() == "stale\n"  # never reused


def test_receipt_png_scans_and_verifies(site):
    out, png = site.parent / "r.bin", site.parent / "r.png"
    answers = str(site.parent / "a.json")
    now = "2026-11-25T10:42:00+00:00"
    made = run_cli("receipt", "--answers", answers, "--out", str(out), "--png", str(png),
                 "--config", str(site), "--now", now)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert out.read_bytes().startswith(b"\x1b@")
    payload = zxingcpp.read_barcodes(Image.open(png))[0].text
    checked = run_cli("verify", "--config", str(site), "--now", "2026-11-25T12:00:00+00:00", "-",
                    stdin=payload + "\n")  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["status"] == "valid"
    assert report["answers"] == ANSWERS
    flags = [flag["id"] for flag in report["summary"]["flags"]]
    assert flags == ["blood_thinner", "pain_relief_recent"]

    expired = run_cli("verify", "--config", str(site), "--now", "2026-11-27T12:00:00+00:00",
                    payload)  # fmt: skip
    assert expired.returncode == 3 and json.loads(expired.stdout)["status"] == "expired"

    future = run_cli("verify", "--config", str(site), "--now", "2026-11-25T10:00:00+00:00",
                   payload)  # fmt: skip
    assert future.returncode == 3, future.stdout
    report = json.loads(future.stdout)
    assert report["status"] == "expired" and "issued in the future" in report["reason"]

    forged = payload[:-3] + str((int(payload[-3]) + 1) % 10) + payload[-2:]
    bad = run_cli("verify", "--config", str(site), forged)
    assert bad.returncode == 1 and json.loads(bad.stdout)["status"] == "malformed"


@pytest.mark.parametrize("code", [0xD800, 0xDFFF, 0x1B])
def test_verify_of_a_forged_unprintable_code_point_is_malformed_not_a_traceback(site, code):
    """A forger can escape any code point; a lone surrogate cannot even be printed as UTF-8."""
    form = load_site(site).form
    now = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)
    answers = {"name": f"Ann{chr(code)}", "questions": f"Why{chr(code)}?"}
    forged = encode(build_summary(form, answers, now), form, b"forger" * 6, "1", now)
    result = run_cli("verify", "--config", str(site), "--now", now.isoformat(), forged)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["status"] == "malformed" and f"U+{code:04X}" in report["reason"]
    assert report["answers"] is None


def test_preview_writes_png_and_text(site):
    png, text = site.parent / "p.png", site.parent / "p.txt"
    done = run_cli("preview", "--answers", str(site.parent / "a.json"), "--png", str(png),
                 "--text", str(text), "--config", str(site))  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = text.read_text(encoding="utf-8")
    assert "2 SAFETY FLAGS" in lines and "Siobhán Ní Dhuibhir" in lines
    assert Image.open(png).width == 576


def test_bad_answers_give_a_clear_error_and_no_file(site):
    (site.parent / "bad.json").write_text('{"pain_score": 14, "colour": "red"}', "utf-8")
    out = site.parent / "never.bin"
    result = run_cli("receipt", "--answers", str(site.parent / "bad.json"), "--out", str(out),
                   "--config", str(site))  # fmt: skip
    assert result.returncode == 2
    assert "pain_score" in result.stderr and "colour" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_verify_without_key_says_it_cannot_verify(site):
    result = run_cli("verify", "--config", str(site), "1" * 40)
    assert result.returncode == 1
    assert "no key file" in result.stderr
