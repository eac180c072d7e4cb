"""`kiosk run [--config FILE]`: start the patient's kiosk app (exits only from the staff screen).

A bad config or form is a KioskError (printed by the cli, exit 2). If the app ever stops on an
unexpected error it is started again with a fresh session; the log holds no patient data.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kiosk.preflight import check_kiosk_can_run
from kiosk.site import load_site

MAX_RESTARTS = 20


def register(sub) -> None:
    parser = sub.add_parser("run", help="start the patient's check-in kiosk")
    parser.add_argument(
        "--config", type=Path, default=None, help="kiosk.toml (default ./kiosk.toml)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    site = load_site(args.config)  # raises KioskError before the screen is taken over
    check_kiosk_can_run(site.config, create=True)  # what `kiosk validate` checks, and more
    log_path = site.config.printer.spool_path.parent / "kiosk.log"
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=log_path, level=logging.INFO)
    except OSError:
        logging.basicConfig(handlers=[logging.NullHandler()])
    from kiosk.app import KioskApp  # Textual only when the app is really started

    for _ in range(MAX_RESTARTS):
        app = KioskApp(args.config, site=site)
        app.run()
        if app.return_code == 0:
            return 0
        logging.getLogger(__name__).error("kiosk app stopped unexpectedly; starting again")
    return 1
