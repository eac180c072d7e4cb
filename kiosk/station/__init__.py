"""The radiographer's station: scan a patient's receipt, check it, record the outcome.

`StationApp` is imported on first use, so the pure parts (relief, layout, wedge, store,
export) load without Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.station.app import StationApp

__all__ = ["StationApp"]


def __getattr__(name: str) -> Any:
    if name == "StationApp":
        from kiosk.station.app import StationApp

        return StationApp
    raise AttributeError(name)
