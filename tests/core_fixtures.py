"""The site config, the default form and one calm patient, shared by the core tests."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from kiosk.core.form import load_form
from kiosk.settings.config import load_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "kiosk.toml", environ={})
FORM = load_form(CONFIG.form.path, CONFIG.form.parameters)


def run_cli(*args: str, stdin: str | None = None, cwd: Path = ROOT):
    """`kiosk ARGS` in a new interpreter, as a user runs it: its exit code, stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=60,
    )


def site_in(folder: Path, answers: dict) -> Path:
    """A kiosk.toml of its own in `folder` (the default form, keys and receipts kept there) and
    `answers` in folder/a.json, for the CLI tests; the config's path."""
    config = folder / "kiosk.toml"
    config.write_text(
        f'[form]\npath = "{ROOT / "forms" / "medial-branch-block.toml"}"\n'
        '[payload]\nkey_file = "keys/site.key"\nmax_age_h = 24\n',
        encoding="utf-8",
    )
    (folder / "a.json").write_text(json.dumps(answers), encoding="utf-8")
    return config


CALM = {
    "name": "Ada Lovelace",
    "dob": date(1980, 4, 2),
    "pain_relief_6h": "no",
    "blood_thinners": ("none",),
    "antiplatelets": ("none",),
    "allergies": ("none",),
    "unwell": "no",
    "pregnancy": "no",
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 7,
}
"""A patient who raises no flag at all, as the Session holds the answers."""

CALM_JSON = {
    "name": "Zoë O'Brien",
    "dob": "1980-04-02",
    "pain_relief_6h": "no",
    "blood_thinners": ["none"],
    "antiplatelets": ["none"],
    "allergies": ["none"],
    "unwell": "no",
    "pregnancy": "no",
    "transport_home": "someone_driving",
    "ready_for_consent": "yes",
    "pain_score": 7,
}
"""The same kind of patient as an answers file (`kiosk summary --answers`) holds them."""
