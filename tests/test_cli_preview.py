"""`kiosk preview --receipt R.bin`: look at a receipt file and read its QR digits for `verify`.

What the README promises for a `.bin` left by a folder printer: a picture, the printed text,
and the QR's digits, which `kiosk verify` must accept as the same patient's answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import zxingcpp
from core_fixtures import run_cli, site_in
from PIL import Image
from test_cli_receipt import ANSWERS


@pytest.fixture
def receipt(tmp_path: Path) -> tuple[Path, Path]:
    config = site_in(tmp_path, ANSWERS)
    out = run_cli("receipt", "--config", str(config), "--answers", str(tmp_path / "a.json"),
                  "--out", str(tmp_path / "r.bin"))  # fmt: skip
    assert out.returncode == 0, out.stderr
    return config, tmp_path / "r.bin"


def test_preview_of_a_bin_gives_picture_text_and_the_digits_verify_accepts(receipt, tmp_path):
    config, bin_file = receipt
    png, text = tmp_path / "r.png", tmp_path / "r.txt"
    out = run_cli("preview", "--config", str(config), "--receipt", str(bin_file),
                  "--png", str(png), "--text", str(text), "--qr")  # fmt: skip
    assert out.returncode == 0, out.stderr
    digits = out.stdout.strip()
    assert digits.isdigit()
    assert zxingcpp.read_barcodes(Image.open(png))[0].text == digits  # the QR on the paper
    assert ANSWERS["name"].upper() in text.read_text("utf-8").upper()

    verified = run_cli("verify", "--config", str(config), digits)
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["answers"] == ANSWERS


@pytest.mark.parametrize(
    "content, expected",
    [(b"\x1b@\x1d(k\x03\x00\x31\x43", "not a receipt"), (None, "cannot read")],
)
def test_a_bad_or_missing_bin_is_one_clear_line_and_exit_2(receipt, tmp_path, content, expected):
    config, _ = receipt
    bad = tmp_path / "bad.bin"
    if content is not None:
        bad.write_bytes(content)
    out = run_cli("preview", "--config", str(config), "--receipt", str(bad), "--qr")
    assert out.returncode == 2
    assert str(bad) in out.stderr and expected in out.stderr
    assert "Traceback" not in out.stderr


def test_preview_with_nothing_to_make_says_what_it_expects(receipt):
    config, bin_file = receipt
    out = run_cli("preview", "--config", str(config), "--receipt", str(bin_file))
    assert out.returncode == 2 and "--png, --text or --qr" in out.stderr
