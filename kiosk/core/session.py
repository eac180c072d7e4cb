"""One patient's way through a form: answers, acknowledgements, navigation and progress.

Pure: no clock (today is given), no UI. The screens call these methods and hold no answers of
their own, so a reset here is a reset everywhere. Answers to questions that become hidden
(for example pregnancy after the date of birth changes to age 60) are dropped at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from kiosk.core.answers import check_answer, normalise
from kiosk.core.form.conditions import evaluate
from kiosk.core.form.model import AnswerValue, Form, Page
from kiosk.core.messages import Messages, english
from kiosk.errors import AnswerError, Problem


class Session:
    def __init__(self, form: Form, today: date, words: Messages | None = None) -> None:
        self.form = form
        self.today = today
        self.words = words or english()
        """The patient's language, for what `page_problems` says."""
        self._answers: dict[str, AnswerValue] = {}
        self._acknowledged: set[str] = set()
        self._index = 0

    # --- what is there ---------------------------------------------------------------------

    @property
    def answers(self) -> Mapping[str, AnswerValue]:
        return MappingProxyType(self._answers)

    @property
    def acknowledged(self) -> frozenset[str]:
        return frozenset(self._acknowledged)

    def is_visible(self, page: Page) -> bool:
        show_if = getattr(page, "show_if", None)
        return show_if is None or evaluate(show_if, self._answers, self.form, self.today)

    def visible_pages(self) -> list[Page]:
        return [p for p in self.form.pages if self.is_visible(p)]

    @property
    def current(self) -> Page:
        return self.form.pages[self._index]

    @property
    def current_id(self) -> str:
        return self.current.id

    @property
    def progress(self) -> tuple[int, int]:
        """(step, of): the current page's place among the pages this patient sees."""
        visible = self.visible_pages()
        ids = [p.id for p in visible]
        step = ids.index(self.current_id) + 1 if self.current_id in ids else 1
        return step, len(visible)

    @property
    def is_first(self) -> bool:
        return self.visible_pages()[0].id == self.current_id

    @property
    def is_last(self) -> bool:
        return self.visible_pages()[-1].id == self.current_id

    # --- answering -------------------------------------------------------------------------

    def set_answer(self, question_id: str, value: AnswerValue | None) -> None:
        """Store (or with None, clear) an answer; raise AnswerError if it does not fit."""
        question = self.form.question(question_id)
        if value is None or value == "" or value == ():
            self._answers.pop(question_id, None)
        else:
            value = normalise(question, value)
            error = check_answer(self.form, question, value, self.today)
            if error:
                raise AnswerError(Problem("answer", error, field=question_id))
            self._answers[question_id] = value
        self._drop_hidden_answers()

    def acknowledge(self, page_id: str) -> None:
        self._acknowledged.add(page_id)

    def _drop_hidden_answers(self) -> None:
        # Conditions only look at earlier questions, so one pass in form order settles it.
        for question in self.form.questions:
            if question.id in self._answers and not self.is_visible(question):
                del self._answers[question.id]

    def page_problems(self, page: Page | None = None) -> list[str]:
        """Why the patient cannot move on from `page` (the current one by default)."""
        page = page or self.current
        if page.kind == "info":
            read = page.id in self._acknowledged
            return [] if read else [self.words("page.read_first")]
        if page.required and page.id not in self._answers:
            # On a multiple choice, "none of these" is an answer too: say so, in its own words
            # (a patient who took none may not see that they have to tap something).
            alone = [f"'{o.text}'" for o in getattr(page, "options", ()) if o.exclusive]
            if page.type == "multiple" and alone:
                either = self.words("page.or").join(alone)
                return [self.words("page.answer_or_alone", alone=either)]
            return [self.words("page.answer_first")]
        return []

    # --- moving ----------------------------------------------------------------------------

    def next(self) -> bool:
        """Move to the next visible page. False (and no move) when the current page is not done
        or this is the last page."""
        if self.page_problems():
            return False
        ids = [p.id for p in self.visible_pages()]
        position = ids.index(self.current_id)
        if position + 1 >= len(ids):
            return False
        self._index = self.form.page_index(ids[position + 1])
        return True

    def back(self) -> bool:
        """Move to the previous visible page, keeping every answer. False on the first page."""
        ids = [p.id for p in self.visible_pages()]
        position = ids.index(self.current_id) if self.current_id in ids else 0
        if position == 0:
            return False
        self._index = self.form.page_index(ids[position - 1])
        return True

    def go_to(self, page_id: str) -> None:
        """Jump to a visible page (the review screen's "Change")."""
        page = self.form.pages[self.form.page_index(page_id)]
        if not self.is_visible(page):
            raise KeyError(f"{page_id} is not shown to this patient")
        self._index = self.form.page_index(page_id)

    @property
    def is_complete(self) -> bool:
        """Every page this patient sees is read or answered as required."""
        return all(not self.page_problems(p) for p in self.visible_pages())

    def first_unfinished(self) -> str | None:
        for page in self.visible_pages():
            if self.page_problems(page):
                return page.id
        return None

    def reset(self) -> None:
        """Forget this patient: answers, acknowledgements and place."""
        self._answers.clear()
        self._acknowledged.clear()
        self._index = 0
