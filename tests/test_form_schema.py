"""The form validator rejects each kind of mistake with file, line (where it can) and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.core.form import load_form
from kiosk.errors import FormError

TINY = (Path(__file__).parent / "forms" / "tiny.toml").read_text(encoding="utf-8")


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "form.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    return [str(p) for p in caught.value.problems]


def test_the_tiny_form_is_valid(tmp_path):
    path = tmp_path / "form.toml"
    path.write_text(TINY, encoding="utf-8")
    form = load_form(path)
    assert [q.id for q in form.questions] == ["name", "dob", "colour"]
    assert len(form.source_hash) == 12


def test_the_default_form_is_valid():
    form = load_form(Path(__file__).parent.parent / "forms" / "medial-branch-block.toml")
    assert form.leaflet.reference == "NBT003581"
    assert (form.leaflet.published, form.leaflet.review_due) == ("2024-02", "2027-02")


@pytest.mark.parametrize(
    ("mistake", "old", "new", "expected"),
    [
        ("duplicate question id", 'id = "dob"', 'id = "name"', "form.toml:23: pages[1]"),
        ("duplicate option id", '{ id = "blue", text = "Blue" }', '{ id = "red", text = "Blue" }',
         "options[1].id: duplicate option id 'red'"),
        ("condition names an unknown question", 'question = "colour"', 'question = "flavour"',
         "form.toml:42: flags[0] 'is_red'.when: unknown question 'flavour'"),
        ("condition names an unknown option", 'answer = "red" }', 'answer = "green" }',
         "'colour' has no option 'green' (options: blue, red)"),
        ("condition answer of the wrong type", 'answer = "red" }', "answer = 3 }",
         "expected an option id of 'colour', got 3"),
        ("flag that can never fire",
         'operator = "=", answer = "red"', 'operator = "in", answer = []',
         "flag 'is_red' can never fire"),
        ("text over the limit", 'prompt = "Pick one"', f'prompt = "{"x" * 400}"',
         "form.toml:34: pages[2] 'colour'.prompt: string should have at most 160 characters"),
        ("unknown key", 'title = "Tiny form"', 'title = "Tiny form"\ncolour = "blue"',
         "form.toml:4: colour: unknown key"),
        ("wrong type", "max_length = 40", 'max_length = "forty"',
         "form.toml:18: pages[0] 'name'.max_length: input should be a valid integer"),
        ("broken TOML", "[leaflet]", "[leaflet", "form.toml:5: not valid TOML"),
        ("single choice with one option", '{ id = "red", text = "Red" }, ', "",
         "form.toml:35: pages[2] 'colour'.options: list should have at least 2 items"),
        ("exclusive option on a single choice", '{ id = "blue", text = "Blue" }',
         '{ id = "blue", text = "Blue", exclusive = true }', "only multiple choice"),
        ("min age over max age", "min_age = 16", "min_age = 130", "max_age: expected at least"),
        ("age_from is not a date question", 'title = "Tiny form"',
         'title = "Tiny form"\nage_from = "name"', "age_from: expected the id of a date question"),
        ("flag severity not known", 'severity = "check"', 'severity = "urgent"',
         "expected one of stop, check, note, got 'urgent'"),
    ],
)  # fmt: skip
def test_each_mistake_is_named(tmp_path, mistake, old, new, expected):
    assert old in TINY, mistake
    found = problems(tmp_path, TINY.replace(old, new, 1))
    assert any(expected in line for line in found), found
    assert all(line.startswith(str(tmp_path / "form.toml")) for line in found)


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    text = TINY.replace('question = "colour"', 'question = "flavour"').replace(
        'id = "dob"', 'id = "name"'
    )
    assert len(problems(tmp_path, text)) >= 2


def test_missing_form_file(tmp_path):
    with pytest.raises(FormError) as caught:
        load_form(tmp_path / "nowhere.toml")
    assert str(caught.value.problems[0]).endswith("nowhere.toml: file not found")


def test_show_if_must_name_an_earlier_question(tmp_path):
    text = TINY.replace(
        'prompt = "What is your name?"',
        'prompt = "What is your name?"\n'
        'show_if = { question = "colour", operator = "=", answer = "red" }',
    )
    found = problems(tmp_path, text)
    assert any("pages[0]" in line and "colour" in line for line in found), found


def test_an_option_staff_note_is_for_single_choice_only(tmp_path):
    """Several answers chosen: whose note would staff read? The form says, not the code."""
    note = '{ id = "red", text = "Red", staff_note = "Check red" }'
    single = TINY.replace('{ id = "red", text = "Red" }', note)
    path = tmp_path / "single.toml"
    path.write_text(single, encoding="utf-8")
    assert load_form(path).question("colour").options[0].staff_note == "Check red"
    multiple = single.replace('type = "single"\nid = "colour"', 'type = "multiple"\nid = "colour"')
    found = problems(tmp_path, multiple)
    assert any("options[0].staff_note: only single choice options" in p for p in found), found


SHADE = """
[[pages]]
kind = "question"
type = "single"
id = "shade"
label = "Shade"
prompt = "Which red?"
options = [{ id = "dark", text = "Dark" }, { id = "light", text = "Light" }]
show_if = { question = "colour", operator = "=", answer = "red" }
"""


def with_shade_flag(colour: str) -> str:
    """TINY plus a question shown only for red, and a flag on it and on `colour`."""
    pages, _, flags = TINY.partition("[[flags]]")
    flag = (
        '\n[[flags]]\nid = "dark_shade"\nseverity = "check"\ntitle = "Dark"\naction = "check"\n'
        f'when = {{ all = [{{ question = "colour", operator = "=", answer = "{colour}" }}, '
        '{ question = "shade", operator = "=", answer = "dark" }] }\n'
    )
    return pages + SHADE + "[[flags]]" + flags + flag


def test_a_flag_needing_an_answer_its_other_answer_hides_can_never_fire(tmp_path):
    """Shade is only asked for red, so "blue and dark" cannot happen, though each can."""
    assert problems(tmp_path, with_shade_flag("blue")) == [
        f"{tmp_path / 'form.toml'}:58: flags[1] 'dark_shade'.when: flag 'dark_shade' can never "
        "fire with the answers this form allows"
    ]
    path = tmp_path / "red.toml"
    path.write_text(with_shade_flag("red"), encoding="utf-8")
    assert [f.id for f in load_form(path).flags] == ["is_red", "dark_shade"]


def test_a_form_changed_on_disk_is_checked_again_not_served_from_memory(tmp_path):
    path = tmp_path / "form.toml"
    path.write_text(with_shade_flag("red"), encoding="utf-8")
    first = load_form(path)
    assert load_form(path) is first  # the same bytes: checked once in this process
    path.write_text(with_shade_flag("blue"), encoding="utf-8")
    for _ in range(2):  # a form that failed is checked, and fails, every time
        with pytest.raises(FormError, match="can never fire"):
            load_form(path)
