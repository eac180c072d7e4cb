"""Pain relief after a diagnostic block: the change and percent relief from the baseline score.

Pure arithmetic with the clinic's edge cases spelt out: a baseline of 0 cannot show relief, a
post-procedure score above the baseline is negative relief (worse), and every configured
threshold for a positive block is reported, met or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Relief:
    baseline: int | None
    post: int
    change: int | None
    """post - baseline: negative means less pain."""
    percent: float | None
    """Percent relief, (baseline - post) / baseline * 100; None when it cannot be judged."""
    thresholds: tuple[tuple[int, bool], ...]
    """Each configured threshold (percent) and whether the relief meets it."""
    message: str

    @property
    def judged(self) -> bool:
        return self.percent is not None

    @property
    def worse(self) -> bool:
        return self.change is not None and self.change > 0


def relief(baseline: int | None, post: int, thresholds: Sequence[int]) -> Relief:
    """The relief from `baseline` to `post` (both 0-10), judged against each threshold."""
    if not 0 <= post <= 10:
        raise ValueError(f"post-procedure score must be 0-10, got {post}")
    if baseline is None:
        return Relief(None, post, None, None, (), "Relief cannot be judged: no baseline score")
    change = post - baseline
    if baseline == 0:
        return Relief(
            baseline, post, change, None, (), "Relief cannot be judged: baseline pain was 0"
        )
    percent = (baseline - post) / baseline * 100
    met = tuple((t, percent >= t) for t in sorted(thresholds))
    words = f"Change {baseline} -> {post} ({change:+d}), relief {percent:.0f}%"
    if change > 0:
        words += " - pain is WORSE than before"
    for threshold, ok in met:
        words += f"; {'meets' if ok else 'does not meet'} {threshold}% threshold"
    return Relief(baseline, post, change, percent, met, words)
