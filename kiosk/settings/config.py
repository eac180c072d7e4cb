"""Site configuration: `kiosk.toml` loaded into frozen pydantic models.

Every section has defaults that let `kiosk run` work on a fresh machine with no printer.
Relative paths are taken from the folder holding the config file. Any value can be overridden
from the environment as `KIOSK_<SECTION>__<KEY>` (for example `KIOSK_PRINTER__URL`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kiosk.core.bounded_toml import problems_from, read_toml
from kiosk.errors import ConfigError, Problem
from kiosk.printer.targets import path_problems, printer_target_problem
from kiosk.settings.staff_pin import DEFAULT_PIN, check_pin, hash_pin, hash_problem, read_pin_file

# The PIN lives in kiosk.settings.staff_pin; these stay importable from here.
__all__ = ["DEFAULT_PIN", "check_pin", "hash_pin"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FORM = PROJECT_ROOT / "forms" / "medial-branch-block.toml"
ENV_PREFIX = "KIOSK_"
PARAMETER_RANGE = (0, 150)
"""Form parameters are ages in years."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteConfig(_Section):
    name: str = Field("North Bristol NHS Trust", max_length=40)
    """Shown on the welcome screen and at the top of receipts."""
    department: str = Field("Imaging - Gate 18", max_length=40)
    phone: str = Field("the number on your appointment letter", max_length=60)
    """The department's phone number for the patient's aftercare slip."""
    kiosk_id: str = Field("1", pattern=r"^[1-9][0-9]?$")
    """This kiosk's number, 1-99: printed on receipts and carried in each QR payload."""
    staff_language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    """The language staff read: the radiographer's half of the receipt and the station. The
    form's own language or one of [form] translations (docs/languages.md)."""


class FormConfig(_Section):
    path: Path = DEFAULT_FORM
    """The form this kiosk runs (relative to this file's folder)."""
    parameters: dict[str, int] = Field({}, max_length=50)
    """Overrides for the form's [parameters], e.g. pregnancy_age_max = 50 (ages, 0-150)."""
    translations: list[Path] = Field([], max_length=20)
    """The form in other languages: one sibling form file each, with the same ids, types and
    conditions (checked at start). With any, the welcome screen offers the languages."""
    messages_dir: Path | None = None
    """A folder of message catalogues (`<language>.toml`) for languages the kiosk does not ship."""

    @field_validator("parameters")
    @classmethod
    def _parameters_are_ages(cls, value: dict[str, int]) -> dict[str, int]:
        low, high = PARAMETER_RANGE
        for name, number in value.items():
            if not low <= number <= high:
                raise ValueError(f"{name}: expected an age {low}-{high}, got {number}")
        return value


class SessionConfig(_Section):
    idle_timeout_s: int = Field(90, ge=10, le=3600)
    """Seconds without a touch or key before "Are you still there?" appears."""
    idle_warning_s: int = Field(30, ge=5, le=300)
    """Seconds the "Are you still there?" countdown runs before the session is wiped."""
    done_return_s: int = Field(20, ge=3, le=300)
    """Seconds the done screen stays before returning to welcome."""
    review_idle_timeout_s: int = Field(180, ge=10, le=3600)
    """Like `idle_timeout_s`, on the review page, where the patient reads every answer."""


class DisplayConfig(_Section):
    large_text: bool = False
    high_contrast: bool = False
    xterm_font: str = Field(
        "DejaVu Sans Mono", min_length=1, max_length=80, pattern=r"^[^\x00-\x1f\x7f:]+$"
    )
    """Under xterm, the TrueType face 'Larger text' asks for (OSC 50): the one xterm starts
    with (`-fa`), so only the size changes (docs/larger-text.md)."""
    xterm_size: int = Field(14, ge=6, le=72)
    """The size xterm starts with (`-fs`), asked for again when 'Larger text' is turned off."""
    xterm_large_size: int = Field(20, ge=6, le=96)
    """The size 'Larger text' asks for; keep at least 80x24 cells on the screen at this size."""


class StaffConfig(_Section):
    pin_file: Path = Path("var/staff-pin")
    """The staff PIN's salted hash, written by `kiosk set-pin` (mode 0600). No file: the
    default PIN is in use."""
    pin_hash: str = Field("", max_length=300)
    """Old place of the hash (readable by everyone who reads this file): `kiosk set-pin`
    moves it to `pin_file`. When both are there, `pin_file` wins."""
    pin_min_digits: int = Field(6, ge=4, le=12)
    """Shortest PIN `kiosk set-pin` accepts; shorter entries on the pad are not counted as
    guesses. Below 6 `kiosk doctor` warns."""
    lockout_failures: int = Field(5, ge=1, le=20)
    """Wrong PINs in a row that lock the pad (the count survives restarts)."""
    lockout_s: int = Field(60, ge=5, le=3600)
    """The first lockout; each further one in a row lasts twice as long, up to lockout_max_s."""
    lockout_max_s: int = Field(3600, ge=5, le=86400)
    lock_file: Path | None = None
    """Where the wrong-PIN count is kept (0600); default: `staff-lock.json` beside the spool."""
    staff_key: str = "f12"
    """The hidden key that opens the PIN prompt (f1-f24; a tap on the site name does too)."""

    @field_validator("staff_key")
    @classmethod
    def _staff_key_is_a_function_key(cls, value: str) -> str:
        if not re.fullmatch(r"f([1-9]|1[0-9]|2[0-4])", value):
            raise ValueError(f'expected a function key f1-f24 (e.g. "f12"), got {value[:20]!r}')
        return value

    @field_validator("pin_hash")
    @classmethod
    def _pin_hash_is_checkable(cls, value: str) -> str:
        problem = value and hash_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class PrinterConfig(_Section):
    url: str = "var/receipts/"
    """`/dev/ttyUSB0`, `socket://host:9100`, or a folder/file that receives the exact bytes."""
    baudrate: Literal[9600, 19200, 38400, 115200] = 19200
    flow_control: Literal["none", "rtscts", "xonxoff"] = "none"
    paper_width_mm: Literal[58, 80] = 80
    qr_mode: Literal["native", "raster"] = "native"
    write_timeout_s: float = Field(5.0, gt=0, le=60)
    status_timeout_s: float = Field(1.0, gt=0, le=10)
    status_poll_s: int = Field(30, ge=5, le=600)
    """How often the idle kiosk asks the printer how it is (asking never prints anything)."""
    spool_path: Path = Path("var/spool.sqlite3")
    spool_retention_h: float = Field(2.0, ge=0, le=72)
    """How long a printed job stays for reprinting, and a held (not printed) one waits for
    staff, before it is deleted (docs/printing.md)."""
    patient_slip: bool = True
    """Also print the aftercare slip for the patient to keep."""
    slip_pain_diary: bool = False
    """Add a pain diary to the slip. Off: the leaflet has none (the team scores the pain in
    the room, before and after); turn it on only if your team asks patients to keep one."""


class PayloadConfig(_Section):
    key_file: Path = Path("var/kiosk.key")
    """Site signing key, written by `kiosk keygen` (0600). Created on first run if missing."""
    max_age_h: float = Field(24.0, gt=0, le=24 * 30)
    """A receipt older than this is shown as expired at the station."""


class StationConfig(_Section):
    db_path: Path = Path("var/station.sqlite3")
    scanner: str = ""
    """Serial scanner URL (`/dev/ttyACM0`, `socket://...`); empty means keyboard-wedge only."""
    relief_thresholds: list[int] = Field([50, 80], min_length=1, max_length=2)
    """Percent relief that counts as a positive diagnostic block (rising: [50, 80])."""
    retention_days: int = Field(30, ge=1, le=3650)
    extra_forms: list[Path] = Field([], max_length=50)
    """Older form versions the station can still decode."""

    @field_validator("relief_thresholds")
    @classmethod
    def _thresholds_are_percentages(cls, value: list[int]) -> list[int]:
        for number in value:
            if not 1 <= number <= 100:
                raise ValueError(f"expected percentages 1-100, got {number}")
        if value != sorted(set(value)):
            raise ValueError(f"expected rising percentages (e.g. [50, 80]), got {value}")
        return value


class Config(_Section):
    site: SiteConfig = SiteConfig()
    form: FormConfig = FormConfig()
    session: SessionConfig = SessionConfig()
    display: DisplayConfig = DisplayConfig()
    staff: StaffConfig = StaffConfig()
    printer: PrinterConfig = PrinterConfig()
    payload: PayloadConfig = PayloadConfig()
    station: StationConfig = StationConfig()
    source: str = Field("(built-in defaults)", exclude=True)
    """Where this config came from, for messages."""


def default_config_path() -> Path | None:
    """`./kiosk.toml` when present, otherwise none (built-in defaults)."""
    here = Path.cwd() / "kiosk.toml"
    return here if here.is_file() else None


def load_config(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Load and validate a config file (or the built-in defaults) plus environment overrides."""
    environ = os.environ if environ is None else environ
    if path is None:
        data, text, source, base = {}, "", "(built-in defaults)", Path.cwd()
    else:
        data, text = read_toml(Path(path), ConfigError)
        source, base = str(path), Path(path).resolve().parent
    data = _with_env_overrides(data, environ)
    try:
        config = Config.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise ConfigError(problems_from(exc, source, text)) from None
    config = _resolve_paths(config, base)
    problems = _site_problems(config, source, text)
    if problems:
        raise ConfigError(problems)
    pin_hash = read_pin_file(config.staff.pin_file)
    if pin_hash:
        config = config.model_copy(
            update={"staff": config.staff.model_copy(update={"pin_hash": pin_hash})}
        )
    return config


def _site_problems(config: Config, source: str, text: str) -> list[Problem]:
    """What the schema cannot see: paths the system cannot take, and a printer target that
    would overwrite (and later delete) a file that is not a receipt."""
    from kiosk.core.bounded_toml import locate

    def problem(section: str, key: str, message: str) -> Problem:
        return Problem(
            source, message, line=locate(text, (section, key)), field=f"[{section}] {key}"
        )

    problems = []
    paths = [
        ("form", "path", config.form.path),
        ("printer", "spool_path", config.printer.spool_path),
        ("payload", "key_file", config.payload.key_file),
        ("station", "db_path", config.station.db_path),
        ("staff", "pin_file", config.staff.pin_file),
        ("staff", "lock_file", config.staff.lock_file),
        *(("station", "extra_forms", p) for p in config.station.extra_forms),
        *(("form", "translations", p) for p in config.form.translations),
    ]
    for section, key, path in paths:
        message = path_problems(path)
        if message:
            problems.append(problem(section, key, message))
    message = printer_target_problem(config.printer.url)
    if message:
        problems.append(problem("printer", "url", message))
    return problems


def _with_env_overrides(data: dict[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in data.items()}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("__")
        merged.setdefault(section, {})[key] = _env_value(section, key, raw)
    return merged


def _env_value(section: str, key: str, raw: str) -> Any:
    """Environment values are strings: text fields take them as they are, others are read as
    TOML values (`38400`, `true`, `[50, 80]`), so `KIOSK_PRINTER__BAUDRATE=38400` is a number."""
    model = Config.model_fields.get(section)
    field = model and model.annotation.model_fields.get(key)
    if field is not None and field.annotation in (str, Path):
        return raw
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _resolve_paths(config: Config, base: Path) -> Config:
    def absolute(p: Path) -> Path:
        return p if p.is_absolute() else base / p

    printer_url = config.printer.url
    is_port = printer_url.startswith("/dev/") or re.fullmatch(r"COM\d+", printer_url.upper())
    if "://" not in printer_url and not is_port:
        printer_url = str(absolute(Path(printer_url))) + ("/" if printer_url.endswith("/") else "")
    spool_path = absolute(config.printer.spool_path)
    lock_file = config.staff.lock_file
    lock_file = spool_path.parent / "staff-lock.json" if lock_file is None else absolute(lock_file)
    return config.model_copy(
        update={
            "form": config.form.model_copy(
                update={
                    "path": absolute(config.form.path),
                    "translations": [absolute(p) for p in config.form.translations],
                    "messages_dir": None
                    if config.form.messages_dir is None
                    else absolute(config.form.messages_dir),
                }
            ),
            "staff": config.staff.model_copy(
                update={"pin_file": absolute(config.staff.pin_file), "lock_file": lock_file}
            ),
            "printer": config.printer.model_copy(
                update={"url": printer_url, "spool_path": spool_path}
            ),
            "payload": config.payload.model_copy(
                update={"key_file": absolute(config.payload.key_file)}
            ),
            "station": config.station.model_copy(
                update={
                    "db_path": absolute(config.station.db_path),
                    "extra_forms": [absolute(p) for p in config.station.extra_forms],
                }
            ),
        }
    )
