"""Load a form file: parse TOML, validate the schema and the cross-references, apply site
parameters. Every problem is reported at once, one line each, with file, line and field.
A form that passed is kept by its path, bytes and parameters: the checks are a pure function of
those, and the kiosk, the station and the tests load the same form many times in one process."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.core.bounded_toml import field_name, locate, problems_from, read_toml_file
from kiosk.core.form.model import UNION_TAGS, Form
from kiosk.core.form.validate import check_form
from kiosk.errors import FormError, Problem

_CHECKED: dict[tuple[str, bytes, tuple[tuple[str, int], ...]], Form] = {}
_CHECKED_MAX = 16  # distinct forms kept; a form that failed is never kept


def load_form(path: Path, parameters: Mapping[str, int] | None = None) -> Form:
    """Read and check `path`.

    `parameters` (from kiosk.toml [form.parameters]) override the form's own.
    """
    path = Path(path)
    data, text, raw = read_toml_file(path, FormError)
    source = str(path)
    key = (source, raw, tuple(sorted((parameters or {}).items())))
    if (checked := _CHECKED.get(key)) is not None:
        return checked  # frozen, so sharing it is safe
    try:
        form = Form.model_validate(data)
    except ValidationError as exc:
        problems = [_name_page(p, data) for p in problems_from(exc, source, text, UNION_TAGS)]
        raise FormError(problems) from None
    problems: list[Problem] = []
    merged = dict(form.parameters)
    for name, value in (parameters or {}).items():
        if name not in merged:
            known = ", ".join(sorted(merged)) or "none"
            problems.append(
                Problem(
                    source,
                    f"site config overrides unknown parameter (known: {known})",
                    field=f"parameters.{name}",
                )
            )
        merged[name] = value
    digest = hashlib.sha256(raw).hexdigest()[:12]
    form = form.model_copy(update={"parameters": merged, "source_hash": digest})
    for loc, message in check_form(form):
        problem = Problem(source, message, line=locate(text, loc), field=field_name(loc))
        problems.append(_name_page(problem, data))
    if problems:
        raise FormError(problems)
    if len(_CHECKED) >= _CHECKED_MAX:
        _CHECKED.pop(next(iter(_CHECKED)), None)
    _CHECKED[key] = form
    return form


def _name_page(problem: Problem, data: dict[str, Any]) -> Problem:
    """`pages[5].prompt` -> `pages[5] 'dob'.prompt`, so authors need not count pages."""
    field = problem.field or ""
    for table in ("pages", "flags"):
        prefix = f"{table}["
        if field.startswith(prefix):
            index_text, _, rest = field[len(prefix) :].partition("]")
            try:
                item = data[table][int(index_text)]
                name = item.get("id") if isinstance(item, dict) else None
            except (ValueError, IndexError, KeyError, TypeError):
                name = None
            if name:
                return Problem(
                    problem.source,
                    problem.message,
                    problem.line,
                    f"{table}[{index_text}] {name!r}{rest}",
                )
    return problem
