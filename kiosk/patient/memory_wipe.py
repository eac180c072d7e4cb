"""Memory hygiene for the kiosk and the station, both long-running Textual apps: collector
tuning at start, and after each patient nothing of theirs left in the process's memory."""

from __future__ import annotations

import asyncio
import functools
import gc
import heapq
import os
import sys
from collections.abc import Mapping

from kiosk.patient.textual_private import forget_visible_screens

__all__ = [
    "WIPING_ALLOCATOR",
    "allocator_wipes_freed_memory",
    "forget_drawn_text",
    "forget_visible_screens",  # a wipe step through Textual's private API: textual_private.py
    "freeze_startup_objects",
    "reexec_with_wiping_allocator",
    "thaw_startup_objects",
]


def freeze_startup_objects() -> None:
    """Textual, pydantic and the forms live as long as the app: move them out of the collector's
    sight, so a full collection stops walking them and pausing a tap or a scan (by how much:
    benchmarks/patient_kiosk.py).

    Call once, after the first screen is drawn and before any patient's data exists; call
    `thaw_startup_objects` when the app ends, or cycles among them are never freed.
    """
    gc.collect()
    gc.freeze()


def thaw_startup_objects() -> None:
    """Hand the frozen objects back to the collector (an app ended; another may run next)."""
    gc.unfreeze()


# --- after each patient ----------------------------------------------------------------------

_CACHED_PACKAGES = ("rich", "textual", "kiosk")


def _caches() -> list[functools._lru_cache_wrapper]:
    """Every functools cache in Rich, Textual and the kiosk: they keep text that was drawn
    (a patient's name among it) long after the screen showing it is gone."""
    found: dict[int, functools._lru_cache_wrapper] = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith(_CACHED_PACKAGES) or module is None:
            continue
        for value in list(vars(module).values()):
            members = list(vars(value).values()) if isinstance(value, type) else [value]
            for member in members:
                member = getattr(member, "__func__", member)  # classmethod, staticmethod
                if isinstance(member, functools._lru_cache_wrapper):
                    found[id(member)] = member
    return list(found.values())


def _drop_cancelled_timers() -> int:
    """What asyncio does itself once half its timers are cancelled: a cancelled timer never
    runs, but until its time comes it keeps the context it was made in, and that context names
    the screen (with the patient's answers) that was active then."""
    try:
        loop = asyncio.get_running_loop()
        scheduled = loop._scheduled  # type: ignore[attr-defined]
    except (RuntimeError, AttributeError):
        return 0
    kept = [handle for handle in scheduled if not handle.cancelled()]
    dropped = len(scheduled) - len(kept)
    if dropped:
        for handle in scheduled:
            if handle.cancelled():
                handle._scheduled = False
        heapq.heapify(kept)
        loop._scheduled = kept  # type: ignore[attr-defined]
        loop._timer_cancelled_count = 0  # type: ignore[attr-defined]
    return dropped


def forget_drawn_text() -> None:
    """After a wipe: empty the drawing caches, drop cancelled timers, collect every cycle, so
    the last patient's text is freed (and, under `kiosk run`, overwritten as it is freed)."""
    for cache in _caches():
        cache.cache_clear()
    _drop_cancelled_timers()
    gc.collect()


# --- freed memory is overwritten --------------------------------------------------------------

WIPING_ALLOCATOR = {
    "PYTHONMALLOC": "malloc",
    "MALLOC_PERTURB_": "165",
    "GLIBC_TUNABLES": "glibc.malloc.tcache_count=0",
}
"""Python's own small-object allocator keeps freed strings as they were; the C allocator with
glibc's M_PERTURB fills each freed block at once (0xA5), except blocks kept in its per-thread
cache, which the tunable turns off. Read when the process starts (see `reexec_*`)."""


def allocator_wipes_freed_memory(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return all(environ.get(key) == value for key, value in WIPING_ALLOCATOR.items())


def reexec_with_wiping_allocator(argv: list[str]) -> None:
    """Start this command again with WIPING_ALLOCATOR set (the same process id), unless it is
    set already or the kiosk was told not to (KIOSK_KEEP_ALLOCATOR=1, for debugging)."""
    if allocator_wipes_freed_memory() or os.environ.get("KIOSK_KEEP_ALLOCATOR") == "1":
        return
    if not sys.platform.startswith("linux"):
        return  # M_PERTURB is glibc's
    env = {**os.environ, **WIPING_ALLOCATOR}
    os.execve(sys.executable, [sys.executable, "-m", "kiosk.cli", *argv], env)
