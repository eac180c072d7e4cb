"""The patient's screens, one per file; each reads the app's Session and calls its methods.

`SCREENS` is the question-type -> screen table: `screen_for(page)` is how the app picks the
screen for a page, so a page type without an entry is an error, never another type's screen.
"""

from __future__ import annotations

from kiosk.patient.screens.choice import ChoiceScreen
from kiosk.patient.screens.date_entry import DateEntryScreen
from kiosk.patient.screens.info import InfoScreen
from kiosk.patient.screens.page import PageScreen
from kiosk.patient.screens.scale import ScaleScreen
from kiosk.patient.screens.text_entry import TextEntryScreen

INFO_SCREEN = InfoScreen
"""The screen of an information page (`kind = "info"`)."""

SCREENS: dict[str, type[PageScreen]] = {
    "text": TextEntryScreen,
    "date": DateEntryScreen,
    "single": ChoiceScreen,
    "multiple": ChoiceScreen,
    "scale": ScaleScreen,
}
"""Question type -> its screen: one entry per type (kiosk/core/question_types.py)."""


class UnknownPageType(LookupError):
    """A page reached the screens whose type has no screen: a programming error, since the form
    loader refuses unknown types. Raised rather than showing some other type's screen."""


def screen_for(page) -> PageScreen:
    """A new screen for `page`."""
    if page.kind == "info":
        return INFO_SCREEN(page)
    screen = SCREENS.get(getattr(page, "type", None))
    if screen is None:
        known = ", ".join(SCREENS)
        raise UnknownPageType(
            f"page {page.id!r}: no screen for question type {getattr(page, 'type', None)!r}"
            f" (known: {known})"
        )
    return screen(page)
