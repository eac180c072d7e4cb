"""Every TOML example in docs/forms.md goes through the real form loader.

A block starting `# complete form` must load as it is; `# rejected: MESSAGE` must be refused
with MESSAGE; any other block is a part of a form, loaded after the top of the first complete
form (its header, leaflet, name and dob questions).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from kiosk.core.form import load_form, paper
from kiosk.errors import FormError

DOC = Path(__file__).resolve().parent.parent / "docs" / "forms.md"
BLOCKS = re.findall(r"^```toml\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.M | re.S)
COMPLETE = [b for b in BLOCKS if b.startswith("# complete form\n")]


def load(tmp_path: Path, text: str):
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    return load_form(path)


def test_the_page_has_examples_of_each_kind():
    assert len(COMPLETE) >= 1
    assert sum(b.startswith("# rejected: ") for b in BLOCKS) >= 2
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_example(tmp_path, block):
    tomllib.loads(block)  # each block is valid TOML on its own
    if block in COMPLETE:
        form = load(tmp_path, block)
        assert [q.id for q in form.questions] == ["name", "dob"]
        return
    text = COMPLETE[0] + "\n" + block
    rejected = re.match(r"# rejected: (.+)\n", block)
    if rejected:
        with pytest.raises(FormError) as caught:
            load(tmp_path, text)
        messages = [p.message for p in caught.value.problems]
        assert any(rejected.group(1) in m for m in messages), messages
    else:
        form = load(tmp_path, text)
        assert len(form.pages) > 2 or form.parameters


def test_the_limits_table_matches_the_schema():
    from kiosk.core.form import model

    section = DOC.read_text(encoding="utf-8").split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (.+?) \| (\d+)", section, re.M))
    assert rows == {
        "form `title`, info page `title`": str(model.TITLE_MAX),
        "`prompt`": str(model.PROMPT_MAX),
        "`help`": str(model.HELP_MAX),
        "info page paragraph": str(model.PARAGRAPH_MAX),
        "info page bullet": str(model.BULLET_MAX),
        "option `text`, `acknowledge`, scale `min_label` / `max_label`": str(model.OPTION_MAX),
        "`label`, option `short`, flag `title`": str(model.LABEL_MAX),
        "`not_asked`": str(model.LABEL_MAX * 2),
        "flag `action`": str(model.FLAG_ACTION_MAX),
        "ids": "40",
        "pages": "40",
        "options in one question": "12",
        "`[receipt] title`": str(paper.RECEIPT_TITLE_MAX),
        "`[slip] heading`": str(paper.SLIP_HEADING_MAX),
        "any other slip line (`keep`, section `title` and points, diary `title`, `intro`, "
        "`blank`, `outro`)": str(paper.SLIP_LINE_MAX),
        "slip sections": str(paper.SLIP_SECTIONS_MAX),
        "points in one slip section": str(paper.SLIP_POINTS_MAX),
        "diary `times`": str(paper.DIARY_TIMES_MAX),
        "`[baseline] label`, `paper_label`": str(paper.BASELINE_LABEL_MAX),
        "`[baseline] unit`, `paper_unit`": str(paper.UNIT_MAX),
    }
    assert model.FLAG_TITLE_MAX == model.LABEL_MAX
    assert "12 entries, 8 characters each" in section and paper.DIARY_TIME_MAX == 8


@pytest.mark.parametrize(
    "table, model",
    [
        ("[baseline]", "Baseline"),
        ("[receipt]", "ReceiptWords"),
        ("[slip]", "Slip"),
        ("[slip] sections", "SlipSection"),
        ("[slip] diary", "PainDiary"),
    ],
)
def test_every_key_of_the_receipt_slip_and_baseline_tables_is_documented(table, model):
    """Each key the loader accepts in these tables is in the doc's section, and the section
    names no key the loader would refuse."""
    fields = set(getattr(paper, model).model_fields)
    section = DOC.read_text(encoding="utf-8").split("## Receipt, slip and baseline", 1)[1]
    section = section.split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    for key in fields:
        assert f"`{key}`" in section, f"{table} {key} is not in docs/forms.md"
    accepted = set().union(
        *(set(getattr(paper, m).model_fields) for m in ("Baseline", "ReceiptWords", "Slip"))
    )
    assert documented <= accepted
