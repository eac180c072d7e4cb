"""`kiosk.app.KioskApp(config_path=...)`: the documented way to start the patient's kiosk.

The app lives in `kiosk/patient/app.py`; this name stays for the checks and scripts that use it.
"""

from kiosk.patient.app import KioskApp

__all__ = ["KioskApp"]
