"""Site configuration: defaults that run on a fresh machine, clear errors, env overrides, PIN."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.errors import ConfigError
from kiosk.settings.config import check_pin, hash_pin, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file_and_no_printer():
    config = load_config(None, environ={})
    assert config.printer.url.endswith("var/receipts/")
    assert config.printer.paper_width_mm == 80 and config.printer.qr_mode == "native"
    assert config.staff.pin_hash == ""  # the documented default PIN until set-pin is run
    assert config.form.path.is_absolute()


def test_the_shipped_kiosk_toml_is_valid():
    config = load_config(Path(__file__).parent.parent / "kiosk.toml", environ={})
    assert config.session.idle_timeout_s > config.session.idle_warning_s


def test_relative_paths_are_taken_from_the_config_folder(tmp_path):
    config = load_config(write(tmp_path, '[payload]\nkey_file = "keys/k.key"\n'), environ={})
    assert config.payload.key_file == tmp_path / "keys" / "k.key"
    assert config.printer.url == str(tmp_path / "var" / "receipts") + "/"


@pytest.mark.parametrize("url", ["/dev/ttyUSB0", "socket://10.0.0.5:9100", "COM3"])
def test_printer_ports_are_not_made_into_paths(tmp_path, url):
    config = load_config(write(tmp_path, f'[printer]\nurl = "{url}"\n'), environ={})
    assert config.printer.url == url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[printer]\nbaudrate = 1200\n",
         "kiosk.toml:2: [printer] baudrate: expected one of 9600, 19200, 38400, 115200, got 1200"),
        ("[printer]\npaper_width_mm = 70\n", "[printer] paper_width_mm: expected one of 58, 80"),
        ("[printer]\nqr_mode = \"laser\"\n", "[printer] qr_mode: expected one of native, raster"),
        ("[session]\nidle_timeout = 30\n", "kiosk.toml:2: [session] idle_timeout: unknown key"),
        ("[site]\nkiosk_id = \"gate18\"\n", "[site] kiosk_id: string should match pattern"),
        ("[station]\nrelief_thresholds = [50, 180]\n", "expected percentages 1-100, got 180"),
        ("[printer\nurl = 1\n", "kiosk.toml:1: not valid TOML"),
    ],
)  # fmt: skip
def test_bad_values_name_file_line_and_field(tmp_path, text, expected):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text), environ={})
    assert any(str(p).endswith(expected) or expected in str(p) for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_environment_overrides_the_file(tmp_path):
    path = write(tmp_path, "[printer]\nbaudrate = 9600\n")
    config = load_config(
        path,
        environ={"KIOSK_PRINTER__BAUDRATE": "38400", "KIOSK_STATION__RELIEF_THRESHOLDS": "[60]"},
    )
    assert config.printer.baudrate == 38400
    assert config.station.relief_thresholds == [60]


def test_bad_environment_value_is_an_error_too(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(None, environ={"KIOSK_PRINTER__BAUDRATE": "1200"})
    assert "[printer] baudrate" in str(caught.value.problems[0])


def test_pin_is_stored_salted_and_checked():
    stored = hash_pin("2468")
    assert "2468" not in stored and stored.startswith("pbkdf2_sha256$")
    assert stored != hash_pin("2468")  # a new salt each time
    assert check_pin("2468", stored)
    assert not check_pin("2469", stored)
    assert not check_pin("2468", "garbage")


def test_default_pin_only_while_no_pin_is_set():
    assert check_pin("1818", "")
    assert not check_pin("1818", hash_pin("2468"))
