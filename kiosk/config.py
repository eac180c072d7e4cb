"""Site configuration: `kiosk.toml` loaded into frozen pydantic models.

Every section has defaults that let `kiosk run` work on a fresh machine with no printer.
Relative paths are taken from the folder holding the config file. Any value can be overridden
from the environment as `KIOSK_<SECTION>__<KEY>` (for example `KIOSK_PRINTER__URL`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.errors import ConfigError, Problem
from kiosk.tomlsource import problems_from, read_toml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FORM = PROJECT_ROOT / "forms" / "medial-branch-block.toml"
ENV_PREFIX = "KIOSK_"
DEFAULT_PIN = "1818"  # used only until `kiosk set-pin` stores a hash; the welcome screen says so


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


class FormConfig(_Section):
    path: Path = DEFAULT_FORM
    """The form this kiosk runs (relative to this file's folder)."""
    parameters: dict[str, int] = {}
    """Overrides for the form's [parameters], e.g. pregnancy_age_max = 50."""


class SessionConfig(_Section):
    idle_timeout_s: int = Field(90, ge=10, le=3600)
    """Seconds without a touch or key before "Are you still there?" appears."""
    idle_warning_s: int = Field(30, ge=5, le=300)
    """Seconds the "Are you still there?" countdown runs before the session is wiped."""
    done_return_s: int = Field(20, ge=3, le=300)
    """Seconds the done screen stays before returning to welcome."""


class DisplayConfig(_Section):
    large_text: bool = False
    high_contrast: bool = False


class StaffConfig(_Section):
    pin_hash: str = ""
    """Salted PBKDF2 hash written by `kiosk set-pin`; empty means the default PIN is in use."""
    lockout_failures: int = Field(5, ge=1, le=20)
    lockout_s: int = Field(60, ge=5, le=3600)
    staff_key: str = "f12"
    """The hidden key that opens the PIN prompt (a tap on the site name does too)."""


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
    """How often the idle kiosk checks the printer."""
    spool_path: Path = Path("var/spool.sqlite3")
    spool_retention_h: float = Field(2.0, ge=0, le=72)
    """How long a printed job stays for reprinting before it is deleted."""
    patient_slip: bool = True
    """Also print the aftercare slip for the patient to keep."""


class PayloadConfig(_Section):
    key_file: Path = Path("var/kiosk.key")
    """Site signing key, written by `kiosk keygen` (0600). Created on first run if missing."""
    max_age_h: float = Field(24.0, gt=0, le=24 * 30)
    """A receipt older than this is shown as expired at the station."""


class StationConfig(_Section):
    db_path: Path = Path("var/station.sqlite3")
    scanner: str = ""
    """Serial scanner URL (`/dev/ttyACM0`, `socket://...`); empty means keyboard-wedge only."""
    relief_thresholds: list[int] = Field([50, 80], max_length=2)
    """Percent relief that counts as a positive diagnostic block."""
    retention_days: int = Field(30, ge=1, le=3650)
    extra_forms: list[Path] = []
    """Older form versions the station can still decode."""

    @model_validator(mode="after")
    def _thresholds_are_percentages(self) -> StationConfig:
        for value in self.relief_thresholds:
            if not 1 <= value <= 100:
                raise ValueError(f"relief_thresholds: expected percentages 1-100, got {value}")
        return self


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
    return _resolve_paths(config, base)


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
    return config.model_copy(
        update={
            "form": config.form.model_copy(update={"path": absolute(config.form.path)}),
            "printer": config.printer.model_copy(
                update={"url": printer_url, "spool_path": absolute(config.printer.spool_path)}
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


# --- staff PIN -------------------------------------------------------------------------------

_PIN_ITERATIONS = 200_000


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = _PIN_ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash in the form `pbkdf2_sha256$iterations$salt$hash`."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ConfigError(Problem("PIN", "expected 4 to 12 digits"))
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """True when `pin` matches the stored hash (or the default PIN when none is stored)."""
    if not stored:
        return hmac.compare_digest(pin.encode(), DEFAULT_PIN.encode())
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac(
            "sha256", pin.encode(), bytes.fromhex(salt), int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)
