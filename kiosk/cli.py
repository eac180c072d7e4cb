"""The `kiosk` command: parses arguments and hands each sub-command to its module.

Each area registers its own sub-commands (see `kiosk/commands/`), so this file stays a table of
contents. Exit codes: 0 success, 2 bad input (one line per problem on stderr); others are
documented by the command that uses them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kiosk.errors import KioskError

# Modules under kiosk.commands that each define `register(subparsers)`.
COMMAND_MODULES = ("forms", "receipt", "printer", "run", "station", "deploy")

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Gate 18 check-in kiosk for imaging procedures.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"kiosk.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["run"]:
        # The patient's kiosk runs with an allocator that overwrites freed memory (issue 13).
        from kiosk.patient.memory_wipe import reexec_with_wiping_allocator

        reexec_with_wiping_allocator(sys.argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
    except KioskError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
