"""Sub-commands for running the kiosk on its machine: `serve` (browser) and `doctor` (checks).

`serve` exits 0 when stopped by a signal, 2 on a bad config. `doctor` exits 0 when every check
is OK and 1 otherwise (one line per check).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from kiosk.lifecycle import no_core_files
from kiosk.logs import setup_logging
from kiosk.settings.load import load_site


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the patient's kiosk to a browser (one at a time)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml)")
    p.set_defaults(handler=serve)

    p = sub.add_parser("doctor", help="check this kiosk's set-up; one line per check")
    p.add_argument("--config", type=Path, help="kiosk.toml (default: ./kiosk.toml)")
    p.add_argument("--serve", action="store_true", help="also check what `kiosk serve` needs")
    p.set_defaults(handler=doctor)


def serve(args: argparse.Namespace) -> int:
    no_core_files()
    site = load_site(args.config)  # a bad config stops here (exit 2), not in every session
    setup_logging(
        site.config.printer.spool_path.parent / "serve.log",
        kiosk_id=site.config.site.kiosk_id,
        form_id=site.form.id,
        form_version=site.form.version,
    )
    from kiosk.browser.serve import KioskServer, is_loopback, kiosk_command

    server = KioskServer(
        kiosk_command(args.config), args.host, args.port, title=site.config.site.department
    )
    where = f"http://{args.host}:{args.port}/"
    if is_loopback(args.host):
        print(f"Serving the kiosk on {where} (loopback: only this machine can open it).")
    else:
        print(
            f"Serving the kiosk on {where}. WARNING: not loopback, so other machines on the "
            "network can open it; one session at a time still holds."
        )
    print("One browser session at a time. Stop with SIGTERM or Ctrl+C.", flush=True)
    logging.getLogger(__name__).info("serving on %s:%d", args.host, args.port)
    server.serve()
    logging.getLogger(__name__).info("serve stopped")
    return 0


def doctor(args: argparse.Namespace) -> int:
    from kiosk.settings.doctor import print_report, run_checks

    results = run_checks(args.config, serve=args.serve)
    return print_report(results)
