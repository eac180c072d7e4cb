"""One root error for the project, a subclass per area.

The CLI prints these as one line per problem and exits 2; the UI turns them into a calm message.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and what was expected."""

    source: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        head = f"{where}: {self.field}: " if self.field else f"{where}: "
        return head + self.message


class KioskError(Exception):
    """Root of every expected error. Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem | str, source: str = "kiosk") -> None:
        if isinstance(problems, str):
            problems = [Problem(source, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(KioskError):
    """kiosk.toml is missing, unreadable or holds a bad value."""


class FormError(KioskError):
    """A form definition is missing, unreadable or inconsistent."""


class AnswerError(KioskError):
    """An answer does not fit its question (unknown id, wrong type, out of range)."""


class PayloadError(KioskError):
    """A QR payload could not be made or read."""


class PrinterError(KioskError):
    """The printer could not be reached or refused a job."""
