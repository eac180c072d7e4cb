"""Where Next goes after a patient changed an answer from the review page.

Pure: page ids in, a page id (or `REVIEW`) out; the app only shows the page. The rule keeps
the promise that no safety question is skipped unseen: a changed answer can open a page the
patient has not seen yet (which "Other" blood thinner), and that page comes before review.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

REVIEW = "review"


def next_from_review(visible: Sequence[str], seen: Set[str], unfinished: str | None) -> str:
    """The first unfinished page, else the first visible page not yet seen, else `REVIEW`.

    `visible` is the form's visible pages in order, `seen` the ids shown to this patient,
    `unfinished` the session's first page that still needs an answer (None when none does).
    """
    if unfinished is not None:
        return unfinished
    return next((page for page in visible if page not in seen), REVIEW)
