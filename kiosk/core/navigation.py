"""Where Next goes after a patient changed an answer from the review page.

Pure: page ids in, a page id (or `REVIEW`) out; the app only shows the page. The rule keeps
the promise that no safety question is skipped unseen: a changed answer can open a page the
patient has not seen yet (which "Other" blood thinner), and that page comes before review.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

REVIEW = "review"


def next_from_review(visible: Sequence[str], seen: Set[str], unfinished: str | None) -> str:
    """The first visible page, in the form's order, that is unfinished or not yet seen.

    Else `REVIEW`, unless `unfinished` is somehow not among `visible`: then that page, so
    review never comes back while a page still needs an answer.

    `visible` is the form's visible pages in order, `seen` the ids shown to this patient,
    `unfinished` the session's first page that still needs an answer (None when none does).
    One walk in the form's order, so a page the change opened (Question 6) comes before a
    later unfinished one (Question 7), and the question numbers only go up.
    """
    for page in visible:
        if page == unfinished or page not in seen:
            return page
    return unfinished if unfinished is not None else REVIEW
