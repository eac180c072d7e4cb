"""The schema of a form definition (`forms/*.toml`) as frozen pydantic models.

A form is an ordered list of pages. A page is either information to acknowledge or exactly one
question. Conditions follow FHIR Questionnaire `enableWhen`; flags are raised by conditions too.
Limits on text lengths keep every screen and receipt readable; `validate.py` checks the rest.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.form.paper import Baseline, ReceiptWords, Slip

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
FormId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")]

# Text limits, so a prompt fits a screen at 80x24 and a label fits a 32-column receipt line.
TITLE_MAX = 60
PROMPT_MAX = 160
HELP_MAX = 240
PARAGRAPH_MAX = 240
BULLET_MAX = 120
OPTION_MAX = 48
LABEL_MAX = 28
FLAG_TITLE_MAX = 28
FLAG_ACTION_MAX = 80
OPTIONS_MAX = 12

Operator = Literal["exists", "=", "!=", ">", "<", ">=", "<=", "in"]
Severity = Literal["stop", "check", "note"]
SEVERITY_ORDER: dict[str, int] = {"stop": 0, "check": 1, "note": 2}

# What a stored answer looks like, by question type.
AnswerValue = Union[str, int, date, tuple[str, ...]]  # noqa: UP007 - used at runtime


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(_Model):
    """A reference to a value in the form's [parameters], which the site config may override."""

    param: Slug


class Clause(_Model):
    """One FHIR-style enableWhen test: `question` (or a derived value such as `age`)."""

    question: Slug
    operator: Operator
    answer: bool | int | str | list[str] | Param


class AllOf(_Model):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Model):
    any: list[Condition] = Field(min_length=1)


Condition = Union[Clause, AllOf, AnyOf]  # noqa: UP007 - recursive alias needs Union


class Option(_Model):
    id: Slug
    text: str = Field(max_length=OPTION_MAX)
    """What the patient reads on the button."""
    short: str | None = Field(None, max_length=LABEL_MAX)
    """How staff see it on the receipt and station, when different from `text`."""
    exclusive: bool = False
    """Multiple choice only: choosing it clears the others ("None", "Not sure")."""
    note: str | None = Field(None, max_length=HELP_MAX)
    """Said to the patient when they choose this answer (what to do about it); the page then
    waits for Next instead of moving on by itself, so the note is read."""
    staff_note: str | None = Field(None, max_length=FLAG_ACTION_MAX)
    """Said to staff after this answer in place of the question's `staff_note` (station and
    summary; the paper prints it only when the question is not private)."""

    @property
    def staff_text(self) -> str:
        return self.short or self.text


class _QuestionBase(_Model):
    kind: Literal["question"] = "question"
    id: Slug
    prompt: str = Field(max_length=PROMPT_MAX)
    label: str = Field(max_length=LABEL_MAX)
    """Short name for staff: receipt lines, station, review screen."""
    help: str = Field("", max_length=HELP_MAX)
    required: bool = True
    show_if: Condition | None = None
    not_asked: str = Field("", max_length=LABEL_MAX * 2)
    """Why staff see "not asked" when `show_if` hides it; worded from the condition if empty.
    `{age}` stands for the age from the date of birth given, so a mistyped year shows."""
    staff_note: str = Field("", max_length=FLAG_ACTION_MAX)
    """Said to staff under the answer or its absence (receipt, summary, station), unless the
    chosen option has its own `staff_note`; worded so it reads right after any answer."""
    private: bool = False
    """The paper never shows the answer (only the QR and the station do): the patient carries
    the receipt past other people. A flag it raises prints its `paper_title` instead."""


class TextQuestion(_QuestionBase):
    type: Literal["text"]
    max_length: int = Field(60, ge=1, le=500)
    charset: Literal["name", "free"] = "free"
    """`name`: letters of any script, spaces, hyphens, apostrophes, full stops.
    `free`: any printable text, no control characters."""


class DateQuestion(_QuestionBase):
    type: Literal["date"]
    min_age: int | Param = 0
    max_age: int | Param = 120


class SingleChoice(_QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=OPTIONS_MAX)


class MultipleChoice(_QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2, max_length=OPTIONS_MAX)


class ScaleQuestion(_QuestionBase):
    type: Literal["scale"]
    min: int = Field(0, ge=0, le=100)
    max: int = Field(10, ge=1, le=100)
    min_label: str = Field(max_length=OPTION_MAX)
    max_label: str = Field(max_length=OPTION_MAX)
    words: list[str] = []
    """Optional word beside each value, from min to max."""


Question = Annotated[
    Union[TextQuestion, DateQuestion, SingleChoice, MultipleChoice, ScaleQuestion],  # noqa: UP007
    Field(discriminator="type"),
]
"""Every question type, declared here once. Adding one? docs/extending.md lists the tables in
kiosk/core/question_types.py that each need an entry; tests/test_question_types.py checks."""

QUESTION_MODELS: dict[str, type[_QuestionBase]] = {
    get_args(model.model_fields["type"].annotation)[0]: model
    for model in get_args(get_args(Question)[0])
}
"""Question type name ("scale") -> its model class, read from the `Question` union above."""


class InfoPage(_Model):
    kind: Literal["info"]
    id: Slug
    title: str = Field(max_length=TITLE_MAX)
    paragraphs: list[Annotated[str, Field(max_length=PARAGRAPH_MAX)]] = Field(max_length=8)
    bullets: list[Annotated[str, Field(max_length=BULLET_MAX)]] = Field([], max_length=8)
    acknowledge: str = Field("", max_length=OPTION_MAX)
    """The button's words; empty: the catalogue's `page.acknowledge` in the patient's language
    ("I have read this")."""


Page = Annotated[Union[InfoPage, Question], Field(discriminator="kind")]  # noqa: UP007

UNION_TAGS = frozenset({"info", "question", *QUESTION_MODELS})
"""The names pydantic puts in an error's location for the page and question unions."""


class FlagRule(_Model):
    id: Slug
    severity: Severity
    title: str = Field(max_length=FLAG_TITLE_MAX)
    """Names the problem: "Blood thinner"."""
    action: str = Field(max_length=FLAG_ACTION_MAX)
    """What staff do: "check with radiologist before procedure"."""
    when: Condition
    paper_title: str | None = Field(None, max_length=FLAG_TITLE_MAX)
    """What the paper receipt says instead of `title`, for a flag that must stay private
    ("Private check needed"); the QR and the station keep the full title."""
    paper_action: str | None = Field(None, max_length=FLAG_ACTION_MAX)
    """What the paper says instead of `action` (only with `paper_title`)."""

    @property
    def text(self) -> str:
        return f"{self.title}: {self.action}"


class Leaflet(_Model):
    title: str = Field(max_length=TITLE_MAX)
    reference: str = Field(max_length=20)
    published: str = Field(pattern=r"^\d{4}-\d{2}$")
    review_due: str = Field(pattern=r"^\d{4}-\d{2}$")


class Form(_Model):
    id: FormId
    version: str = Field(pattern=r"^\d+\.\d+$")
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
    """The language of the words in this file; a translation is a sibling file in another."""
    language_name: str = Field("English", max_length=30)
    """The language's name in itself ("Cymraeg"), on its button on the welcome screen."""
    title: str = Field(max_length=TITLE_MAX)
    leaflet: Leaflet
    name_from: Slug = "name"
    """The text question that holds the patient's name."""
    age_from: Slug = "dob"
    """The date question whose answer gives the derived value `age`."""
    parameters: dict[Slug, int] = {}
    pages: list[Page] = Field(min_length=1, max_length=40)
    flags: list[FlagRule] = []
    baseline: Baseline | None = None
    """The score shown beside the name and date of birth; None: the form has no baseline."""
    receipt: ReceiptWords = ReceiptWords()
    slip: Slip | None = None
    """The patient's keep-slip; None: no slip, even when the site turns `patient_slip` on."""
    source_hash: str = Field("", exclude=True)
    """Short SHA-256 of the file this was read from, so an edited form is recognisable."""

    @property
    def questions(
        self,
    ) -> list[TextQuestion | DateQuestion | SingleChoice | MultipleChoice | ScaleQuestion]:
        return [p for p in self.pages if p.kind == "question"]

    @property
    def patient_block(self) -> tuple[str, ...]:
        """The answers shown together at the top (receipt, station), not among the others:
        the name, the date of birth and the baseline, as this form declares them."""
        ids = (self.name_from, self.age_from, self.baseline.question if self.baseline else None)
        return tuple(i for i in ids if i is not None)

    @property
    def receipt_title(self) -> str:
        return self.receipt.title or self.title

    def question(self, question_id: str):
        for page in self.pages:
            if page.kind == "question" and page.id == question_id:
                return page
        raise KeyError(question_id)

    def page_index(self, page_id: str) -> int:
        for index, page in enumerate(self.pages):
            if page.id == page_id:
                return index
        raise KeyError(page_id)

    def resolve(self, value: int | Param) -> int:
        """The number a parameter reference stands for."""
        return self.parameters[value.param] if isinstance(value, Param) else value


AllOf.model_rebuild()
AnyOf.model_rebuild()
Clause.model_rebuild()
