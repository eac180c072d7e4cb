"""A receipt verifies at the station only when the station holds the kiosk's key file."""

import json

from station_helpers import StepClock, make_site, payload, repeated_phrase, shown, wedge_scan
from station_patients import BY_FLAG, CALM

from kiosk.cli import main
from kiosk.settings.signing_key import load_key
from kiosk.station import StationApp

SIZE = (120, 60)


async def _banner_for(config, text):
    app = StationApp(config, clock=StepClock())
    async with app.run_test(size=SIZE) as pilot:
        await wedge_scan(pilot, text)
        return shown(app, "#banner"), shown(app, "#patient")


async def test_same_key_file_verifies(tmp_path):
    kiosk_dir, station_dir = tmp_path / "kiosk", tmp_path / "station"
    kiosk_dir.mkdir(), station_dir.mkdir()
    make_site(kiosk_dir)
    station = make_site(station_dir, key=False)
    (station_dir / "var").mkdir()
    (station_dir / "var" / "kiosk.key").write_bytes((kiosk_dir / "var" / "kiosk.key").read_bytes())
    text = payload(CALM, load_key(kiosk_dir / "var" / "kiosk.key"))
    banner, _ = await _banner_for(station, text)
    assert banner.startswith("VERIFIED")


async def test_another_key_file_does_not_verify(tmp_path):
    kiosk_dir, station_dir = tmp_path / "kiosk", tmp_path / "station"
    kiosk_dir.mkdir(), station_dir.mkdir()
    make_site(kiosk_dir)
    station = make_site(station_dir)  # its own, different key
    text = payload(CALM, load_key(kiosk_dir / "var" / "kiosk.key"))
    banner, patient = await _banner_for(station, text)
    assert banner.startswith("UNVERIFIED") and "tampered" in banner
    assert "Ann Calm" in patient


async def test_no_key_file_still_decodes_but_cannot_verify(tmp_path):
    kiosk_dir, station_dir = tmp_path / "kiosk", tmp_path / "station"
    kiosk_dir.mkdir(), station_dir.mkdir()
    make_site(kiosk_dir)
    station = make_site(station_dir, key=False)
    text = payload(CALM, load_key(kiosk_dir / "var" / "kiosk.key"))
    banner, patient = await _banner_for(station, text)
    assert banner.startswith("UNVERIFIED - cannot verify: this station has no key file")
    assert banner.count("cannot verify") == 1
    assert banner.endswith("Copy the kiosk's key file there and restart the station.")
    assert repeated_phrase(banner) is None
    assert "UNVERIFIED - Patient: Ann Calm" in patient


def _qr_data(escpos: bytes) -> str:
    """The data of the native QR 'store' command (GS ( k pL pH 49 80 48 d1...dk)."""
    at = escpos.index(b"\x1d(k")
    while escpos[at + 5 : at + 8] != b"\x31\x50\x30":
        at = escpos.index(b"\x1d(k", at + 1)
    size = escpos[at + 3] + 256 * escpos[at + 4] - 3
    return escpos[at + 8 : at + 8 + size].decode("ascii")


async def test_receipt_printed_by_kiosk_receipt_verifies_at_the_station(tmp_path):
    config = make_site(tmp_path)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(BY_FLAG["pain_relief_recent"]))
    out = tmp_path / "receipt.bin"
    args = ["receipt", "--answers", str(answers), "--config", str(config), "--out", str(out)]
    assert main([*args, "--now", "2026-11-25T10:30:00+00:00"]) == 0
    text = _qr_data(out.read_bytes())
    assert text.isdigit()
    banner, patient = await _banner_for(config, text)
    assert banner.startswith("VERIFIED")
    assert "Ann Calm" in patient
