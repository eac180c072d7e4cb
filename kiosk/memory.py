"""Garbage-collector tuning shared by the kiosk and the station, both long-running Textual apps."""

from __future__ import annotations

import gc


def freeze_startup_objects() -> None:
    """Textual, pydantic and the forms live as long as the app: move them out of the collector's
    sight, so a full collection stops walking them and pausing a tap or a scan for 50-150 ms.

    Call once, after the first screen is drawn and before any patient's data exists; call
    `thaw_startup_objects` when the app ends, or cycles among them are never freed.
    """
    gc.collect()
    gc.freeze()


def thaw_startup_objects() -> None:
    """Hand the frozen objects back to the collector (an app ended; another may run next)."""
    gc.unfreeze()
