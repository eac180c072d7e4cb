"""`kiosk run [--config FILE]`: start the patient's kiosk app (exits only from the staff screen).

A bad config or form is a KioskError (printed by the cli, exit 2). If the app stops on an
unexpected error it is started again with a fresh session; the log holds no patient data.
A stop signal (SIGTERM, SIGHUP, SIGQUIT, SIGINT) or the browser closing the session under
`kiosk serve` ends it cleanly: receipts wiped, spool closed, exit 0 (kiosk/lifecycle.py).
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from kiosk.lifecycle import StopRequested, StopSignals, close_printer, no_core_files
from kiosk.logs import setup_logging
from kiosk.settings.load import Site, load_site
from kiosk.settings.preflight import check_kiosk_can_run

MAX_RESTARTS = 20
CRASHED = 1  # the app's return code after an unexpected error (Textual's and ours)

log = logging.getLogger(__name__)


def register(sub) -> None:
    parser = sub.add_parser("run", help="start the patient's check-in kiosk")
    parser.add_argument(
        "--config", type=Path, default=None, help="kiosk.toml (default ./kiosk.toml)"
    )
    parser.set_defaults(handler=run)


def log_path(site: Site) -> Path:
    """The kiosk's log lives beside its spool (var/kiosk.log by default)."""
    return site.config.printer.spool_path.parent / "kiosk.log"


def start_logging(site: Site) -> None:
    setup_logging(
        log_path(site),
        kiosk_id=site.config.site.kiosk_id,
        form_id=site.form.id,
        form_version=site.form.version,
    )


def run(args: argparse.Namespace) -> int:
    no_core_files()
    stop = StopSignals().install()
    site = load_site(args.config)  # raises KioskError before the screen is taken over
    check_kiosk_can_run(site.config, create=True)  # what `kiosk validate` checks, and more
    start_logging(site)
    log.info("kiosk starting")
    from kiosk.patient.app import KioskApp  # Textual only when the app is really started

    for _ in range(MAX_RESTARTS):
        if stop.requested:
            break
        app = None
        try:
            app = KioskApp(args.config, site=site)
            stop.app = app
            app.run()
        except StopRequested:
            pass
        finally:
            stop.app = None
            stop.install()  # an app loop that closed may have put the default handlers back
            if app is not None:
                close_printer(app.printer)
        if stop.requested or app is None or app.return_code != CRASHED:
            # Staff exit, a stop signal, or (under `kiosk serve`) the browser ending the
            # session: none of these may start a new kiosk for a patient who has gone.
            break
        if os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver"):
            # Under `kiosk serve` the browser's page starts a fresh kiosk process by itself;
            # a second app on the same pipes is not something textual-serve expects.
            log.error("kiosk app stopped unexpectedly; the browser page will start a new one")
            return 1
        log.error("kiosk app stopped unexpectedly; starting again")
    else:
        return 1
    if stop.requested:
        log.info("kiosk stopped by %s", _signal_name(stop.requested))
    else:
        log.info("kiosk stopped")
    return 0


def _signal_name(signum: int) -> str:
    import signal

    return signal.Signals(signum).name
