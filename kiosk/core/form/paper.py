"""The form's own words outside its pages: the receipt title, the patient's slip, the baseline.

These used to be written into the receipt layout and the station, so a second procedure needed
code. Now a form file says them (docs/forms.md), and the code only lays them out. Limits keep
a line readable on 58 mm paper; `validate.py` checks the baseline points at a scale question.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

RECEIPT_TITLE_MAX = 60
SLIP_HEADING_MAX = 32
"""Printed double width: 24 characters fill 80 mm paper; longer ones wrap."""
SLIP_LINE_MAX = 120
SLIP_SECTIONS_MAX = 4
SLIP_POINTS_MAX = 8
DIARY_TIMES_MAX = 12
DIARY_TIME_MAX = 8
"""Each diary time is right-aligned in this many columns, so the blanks line up."""
BASELINE_LABEL_MAX = 28
UNIT_MAX = 16
PHONE = "{phone}"
"""The one placeholder a slip point may hold: the site's phone number (kiosk.toml)."""

SlipLine = Annotated[str, Field(min_length=1, max_length=SLIP_LINE_MAX)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReceiptWords(_Model):
    title: str | None = Field(None, min_length=1, max_length=RECEIPT_TITLE_MAX)
    """The line under the department on the radiographer's receipt; None: the form's title."""


class SlipSection(_Model):
    title: str = Field(min_length=1, max_length=SLIP_LINE_MAX)
    points: list[SlipLine] = Field(min_length=1, max_length=SLIP_POINTS_MAX)


class PainDiary(_Model):
    """Printed on the slip only when the site turns on `[printer] slip_pain_diary`."""

    title: str = Field(min_length=1, max_length=SLIP_LINE_MAX)
    intro: str = Field("", max_length=SLIP_LINE_MAX)
    times: list[Annotated[str, Field(min_length=1, max_length=DIARY_TIME_MAX)]] = Field(
        min_length=1, max_length=DIARY_TIMES_MAX
    )
    blank: str = Field(min_length=1, max_length=SLIP_LINE_MAX)
    """What follows each time: the words and the line to write on (`after: ____`)."""
    outro: str = Field("", max_length=SLIP_LINE_MAX)


class Slip(_Model):
    """The paper the patient keeps: none of their answers, only what the form says here."""

    heading: str = Field(min_length=1, max_length=SLIP_HEADING_MAX)
    keep: str = Field("", max_length=SLIP_LINE_MAX)
    sections: list[SlipSection] = Field([], max_length=SLIP_SECTIONS_MAX)
    diary: PainDiary | None = None

    def lines(self) -> list[str]:
        """Every sentence of the slip as written in the form (placeholders kept)."""
        texts = [self.heading, self.keep]
        for section in self.sections:
            texts += [section.title, *section.points]
        if self.diary:
            texts += [self.diary.title, self.diary.intro, self.diary.outro]
        return [text for text in texts if text]


class Baseline(_Model):
    """The score the patient gives before the procedure, shown with the name and date of birth
    on the receipt and at the station, and what the station judges relief against."""

    question: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    """The id of a scale question."""
    label: str = Field(min_length=1, max_length=BASELINE_LABEL_MAX)
    """Summary text and station: "Baseline pain score: 7/10"."""
    unit: str = Field("", max_length=UNIT_MAX)
    """Written straight after the number (so `/10`, or ` points` with its space)."""
    paper_label: str | None = Field(None, min_length=1, max_length=BASELINE_LABEL_MAX)
    """The receipt's label, when different from `label`."""
    paper_unit: str | None = Field(None, max_length=UNIT_MAX)
    """The receipt's unit, when different from `unit` (` out of 10`)."""
    judges_relief: bool = False
    """The station compares its 0-10 pain scores (in the room, after the procedure) with this
    baseline to judge relief. Only a 0-10 pain scale can be compared so; any other baseline
    (a walking score, say) is shown but never turned into a relief percent."""

    @property
    def receipt_label(self) -> str:
        return self.paper_label or self.label

    @property
    def receipt_unit(self) -> str:
        return self.unit if self.paper_unit is None else self.paper_unit
