"""Tell a keyboard-wedge scanner from a person typing: a scan is a fast burst ending in Enter.

A wedge scanner "types" the payload with a few milliseconds between keys; people take 100 ms
or more. Keys are fed in with their time (seconds, any monotonic origin); a slow key starts a
new burst, so stray typing before a scan is dropped and slow typing plus Enter is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_GAP_S = 0.05
"""Keys further apart than this are not from a scanner."""
MIN_LENGTH = 4
"""Shorter bursts (a double key press) are not scans."""


@dataclass
class Wedge:
    max_gap_s: float = MAX_GAP_S
    min_length: int = MIN_LENGTH
    _burst: list[str] = field(default_factory=list)
    _last: float | None = None

    def key(self, character: str, at: float) -> None:
        """A printable key arrived at time `at`."""
        if self._last is None or at - self._last > self.max_gap_s:
            self._burst = []
        self._burst.append(character)
        self._last = at

    def enter(self, at: float) -> str | None:
        """Enter arrived: the scanned text when it ends a fast burst, else None (human typing)."""
        fast = self._last is not None and at - self._last <= self.max_gap_s
        text = "".join(self._burst)
        self.clear()
        return text if fast and len(text) >= self.min_length else None

    def clear(self) -> None:
        self._burst = []
        self._last = None

    @property
    def pending(self) -> int:
        """How many keys of the current burst are waiting for Enter."""
        return len(self._burst)
