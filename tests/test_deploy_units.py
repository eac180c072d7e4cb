"""The systemd units in deploy/ pass `systemd-analyze verify`, and say what the kiosk needs.

Binaries this machine lacks (the kiosk's /opt path; cage or foot where not installed) are
pointed at ones it has, so verify checks everything else: syntax, keys, dependencies.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"
KIOSK = Path(sys.executable).with_name("kiosk")


@needs(shutil.which("systemd-analyze") is not None, "systemd-analyze not here (Debian: systemd)")
def test_units_pass_systemd_analyze_verify(tmp_path):
    for unit in UNITS.glob("*.service"):
        text = unit.read_text("utf-8").replace("/opt/gate18/.venv/bin/kiosk", str(KIOSK))
        for binary in set(re.findall(r"ExecStart=(/\S+)", text)):
            if not Path(binary).exists():
                text = text.replace(binary, "/bin/sh")
        (tmp_path / unit.name).write_text(text, "utf-8")
    units = sorted(str(p) for p in tmp_path.glob("*.service"))
    assert len(units) == 4
    out = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    ours = [line for line in out.stderr.splitlines() if "gate18" in line]
    assert out.returncode == 0 and not ours, out.stderr


@pytest.mark.parametrize("unit", sorted(p.name for p in UNITS.glob("*.service")))
def test_every_unit_restarts_on_failure_and_never_dumps_core(unit):
    text = (UNITS / unit).read_text("utf-8")
    assert re.search(r"^Restart=(on-failure|always)$", text, re.MULTILINE)
    assert "LimitCORE=0" in text
    assert "User=gate18" in text  # never root


def test_serve_binds_to_loopback():
    assert "--host 127.0.0.1" in (UNITS / "gate18-serve.service").read_text("utf-8")
