"""What STOP, CHECK and NOTE mean: one sentence each, printed wherever flags are shown.

The receipt and the station both print LEGEND from here, so staff read the same words on
paper and on screen. Pure data; no imports from the rest of the kiosk.
"""

from __future__ import annotations

SEVERITY_WORDS: dict[str, str] = {"stop": "STOP", "check": "CHECK", "note": "NOTE"}
"""How each severity is written on paper and screen (capitals, so it reads without colour)."""

DEFINITIONS: dict[str, str] = {
    "stop": "do not start until a clinician has checked this with the patient.",
    "check": "check with the patient before the procedure; it may change the plan.",
    "note": "for information; no check is needed before the procedure.",
}
"""One sentence per severity. A flag is graded by the harm if nobody acts on it."""

UNKNOWN_RULE = "An unknown answer to a STOP question is a STOP."
"""Why an unanswered or "not sure" answer to a STOP question is itself graded STOP."""


def legend_lines() -> list[str]:
    """The legend, one line per severity, worst first: "STOP = do not start ..."."""
    return [f"{SEVERITY_WORDS[s]} = {DEFINITIONS[s]}" for s in ("stop", "check", "note")]
