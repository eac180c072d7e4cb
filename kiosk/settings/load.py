"""A kiosk's setting: its config and the form it runs, loaded together and checked together.

The app, the station and every CLI command start here, so they all agree on what is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.core.form import Form, load_form
from kiosk.settings.config import Config, default_config_path, load_config


@dataclass(frozen=True)
class Site:
    config: Config
    form: Form


def load_site(config_path: Path | str | None = None, form_id: str | None = None) -> Site:
    """Load `config_path` (or ./kiosk.toml, or built-in defaults) and its form.

    `form_id` picks `<id>.toml` from the folder of the configured form instead.
    """
    path = Path(config_path) if config_path else default_config_path()
    config = load_config(path)
    form_path = config.form.path
    if form_id:
        form_path = form_path.parent / f"{form_id}.toml"
    return Site(config=config, form=load_form(form_path, config.form.parameters))
