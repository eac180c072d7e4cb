"""Pain relief after a diagnostic block: the change and percent relief from the baseline score.

Pure arithmetic with the clinic's edge cases spelt out: a baseline of 0, or one at or under
the form's low-baseline limit, cannot show relief (and gets no threshold verdict); a
post-procedure score above the baseline is negative relief (worse); otherwise every configured
threshold for a positive block is reported, met or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.core.form.conditions import clauses
from kiosk.core.form.model import Clause, Form, Param


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


NOT_JUDGED = "Relief is not judged for this procedure: its baseline is not a 0-10 pain score"


def judges_relief(form: Form | None) -> bool:
    """Whether the station may turn its 0-10 pain scores into relief for `form`'s receipts.

    Only when the form says its baseline is that same 0-10 pain scale (`[baseline]
    judges_relief`); a receipt of an unknown form is never judged, since its scale is unknown.
    """
    return form is not None and form.baseline is not None and form.baseline.judges_relief


def low_baseline_max(form: Form | None) -> int | None:
    """The highest baseline the form's own flags call too low to judge relief, or None.

    Read from the form, not written here: a flag raised when the form's `[baseline]` scale is
    `<= 2` (or `< 3`) says relief cannot be judged from such a baseline, so the station must
    agree. A form with no baseline has no limit.
    """
    if form is None:
        return None
    scale = form.baseline.question if form.baseline else None
    limits = []
    for rule in form.flags:
        for clause in clauses(rule.when):
            limit = _limit(clause, form, scale)
            if limit is not None:
                limits.append(limit)
    return max(limits, default=None)


def _limit(clause: Clause, form: Form, scale: str | None) -> int | None:
    if clause.question != scale or clause.operator not in ("<=", "<"):
        return None
    value = clause.answer
    if isinstance(value, Param):
        value = form.parameters[value.param]
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if clause.operator == "<=" else value - 1


def relief(
    baseline: int | None, post: int, thresholds: Sequence[int], low_max: int | None = None
) -> Relief:
    """The relief from `baseline` to `post` (both 0-10), judged against each threshold.

    A baseline at or under `low_max` (see `low_baseline_max`) cannot be judged: the change is
    reported, with no percent and no threshold verdict.
    """
    if not 0 <= post <= 10:
        raise ValueError(f"post-procedure score must be 0-10, got {post}")
    if baseline is None:
        return Relief(None, post, None, None, (), "Relief cannot be judged: no baseline score")
    change = post - baseline
    if low_max is not None and baseline <= low_max:
        return Relief(
            baseline,
            post,
            change,
            None,
            (),
            f"Relief cannot be judged: baseline pain was {baseline} ({low_max} or less); "
            f"change {baseline} -> {post} ({change:+d}), no threshold verdict",
        )
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
