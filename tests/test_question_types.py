"""A question type is declared once and has an entry in every table (kiosk/core/question_types.py).

A type that misses a table, a table that names a type the form cannot hold, a table nobody
listed, or a made-up type in a form file: each is caught here, never met as a fallback screen.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from core_fixtures import run_cli
from test_app_walk import kiosk

from kiosk.core.form import load_form
from kiosk.core.form.model import QUESTION_MODELS, Question
from kiosk.core.question_types import QUESTION_TYPES, TYPE_TABLES
from kiosk.errors import FormError
from kiosk.patient.screens import SCREENS, UnknownPageType, screen_for
from kiosk.patient.screens.scale import ScaleScreen

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "forms" / "medial-branch-block.toml"


def table(where: str) -> dict:
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


def test_every_question_type_of_the_union_has_a_model_and_a_name():
    members = {model.__name__ for model in QUESTION_MODELS.values()}
    union = {m.__name__ for m in Question.__origin__.__args__}  # Annotated[Union[...], ...]
    assert members == union
    assert QUESTION_TYPES == ("text", "date", "single", "multiple", "scale")


@pytest.mark.parametrize("entry", TYPE_TABLES, ids=lambda e: e.where)
def test_every_table_has_one_entry_for_each_question_type_and_no_other(entry):
    keys = set(table(entry.where))
    missing, unknown = set(QUESTION_TYPES) - keys, keys - set(QUESTION_TYPES)
    assert not missing, f"{entry.where} has no entry for {sorted(missing)} ({entry.what})"
    assert not unknown, f"{entry.where} names types the form cannot hold: {sorted(unknown)}"


def test_every_table_keyed_by_question_type_is_listed_in_the_index():
    """A new table (a dict with a "scale": entry) that the index does not list would be one a
    new type could miss without this test noticing."""
    found = set()
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(
            r"^([A-Z_]+)\b[^=\n]*= \{\n(?:\s+.*\n)*?\s+\"scale\": ", text, re.M
        ):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found.add(f"{module.removesuffix('.__init__')}:{match.group(1)}")
    listed = {entry.where for entry in TYPE_TABLES}
    assert found, "the search finds no table at all: it is broken"
    assert found <= listed, f"not in kiosk/core/question_types.py TYPE_TABLES: {found - listed}"


def test_the_core_index_does_not_bring_textual_in():
    code = "import kiosk.core.question_types, sys; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_a_made_up_question_type_is_refused_at_load_with_one_line(tmp_path):
    text = FORM.read_text(encoding="utf-8")
    assert text.count('type = "scale"') == 1
    path = tmp_path / "slider.toml"
    path.write_text(text.replace('type = "scale"', 'type = "slider"'), encoding="utf-8")
    line = 1 + text[: text.index('type = "scale"')].count("\n")
    with pytest.raises(FormError) as raised:
        load_form(path)
    assert str(raised.value) == (
        f"{path}:{line}: pages[18] 'pain_score'.type: "
        "expected one of text, date, single, multiple, scale, got 'slider'"
    )


def test_kiosk_validate_refuses_a_made_up_question_type_with_exit_2(tmp_path):
    path = tmp_path / "slider.toml"
    path.write_text(
        FORM.read_text(encoding="utf-8").replace('type = "scale"', 'type = "slider"'),
        encoding="utf-8",
    )
    result = run_cli("validate", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    problems = [line for line in (result.stdout + result.stderr).splitlines() if "slider" in line]
    assert len(problems) == 1
    assert ".type: expected one of text, date, single, multiple, scale" in problems[0]


def test_each_question_type_gets_its_own_screen_and_scale_is_the_scale_screen():
    assert SCREENS["scale"] is ScaleScreen
    form = load_form(FORM)
    for page in form.questions:
        assert type(screen_for(page)) is SCREENS[page.type]


def test_a_page_of_an_unknown_type_is_an_error_never_another_types_screen():
    page = SimpleNamespace(kind="question", type="slider", id="pain_score")
    with pytest.raises(UnknownPageType, match="'pain_score': no screen for question type 'slider'"):
        screen_for(page)


async def test_show_page_on_an_unknown_type_raises_and_does_not_show_the_scale_screen(
    monkeypatch,
):
    app = kiosk()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.pause()
        shown = app.screen
        fake = SimpleNamespace(kind="question", type="slider", id=app.session.current.id)
        monkeypatch.setattr(type(app.session), "current", property(lambda self: fake))
        with pytest.raises(UnknownPageType, match="no screen for question type 'slider'"):
            app.show_page()
        monkeypatch.undo()
        await pilot.pause()
        assert app.screen is shown
        assert not isinstance(app.screen, ScaleScreen)
