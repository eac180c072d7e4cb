"""The station's pure parts load without Textual or pyserial (so the CLI export stays light)."""

import subprocess
import sys


def test_pure_station_modules_import_no_textual_or_serial():
    code = (
        "import sys, kiosk.station, kiosk.station.relief, kiosk.station.keyboard_layout, "
        "kiosk.station.wedge, kiosk.station.store, kiosk.station.export, kiosk.station.wording; "
        "print(sorted(m for m in ('textual', 'serial') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
