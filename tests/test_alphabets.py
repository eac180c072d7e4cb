"""How much room a text takes on the receipt: escaped characters count as more than one."""

from __future__ import annotations

from datetime import date

from core_fixtures import FORM
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.alphabets import ESCAPED_COUNTS_AS, FREE_ALPHABET, NAME_ALPHABET, text_length
from kiosk.core.answers import check_answer

TODAY = date(2026, 11, 25)
NAME = FORM.question("name")
QUESTIONS = FORM.question("questions")


def test_plain_letters_count_one_each_and_others_count_more():
    assert text_length("Zoe O'Brien", "name") == 11
    assert text_length("Zoë", "name") == 2 + ESCAPED_COUNTS_AS["name"]
    assert text_length("李", "free") == ESCAPED_COUNTS_AS["free"]
    assert text_length("Is it 10 minutes?", "free") == 17


def test_a_name_in_another_script_may_fill_half_the_length():
    most = NAME.max_length // ESCAPED_COUNTS_AS["name"]
    assert check_answer(FORM, NAME, "Л" * most, TODAY) is None
    problem = check_answer(FORM, NAME, "Л" * (most + 1), TODAY)
    assert problem is not None and problem.startswith("too long to print (")
    assert check_answer(FORM, NAME, "A" * NAME.max_length, TODAY) is None


@given(st.text(min_size=1, max_size=60))
def test_a_valid_text_never_takes_more_room_than_its_limit(text):
    if check_answer(FORM, QUESTIONS, text, TODAY) is None:
        assert text_length(text, "free") <= QUESTIONS.max_length
    assert text_length(text, "free") >= len(text)
    cheap = sum(char in FREE_ALPHABET for char in text)
    assert text_length(text, "free") == cheap + 3 * (len(text) - cheap)
    assert set(NAME_ALPHABET) <= set(FREE_ALPHABET)
