"""A kiosk's setting: its config and the form it runs, loaded together and checked together.

The app, the station and every CLI command start here, so they all agree on what is loaded.
The form may come in more than one language ([form] translations); each language has its form
and its message catalogue, checked before anything is shown (docs/languages.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.form import Form, load_form
from kiosk.core.form.translation import as_translation, check_translation
from kiosk.core.messages import Messages, english, load_messages
from kiosk.errors import ConfigError, FormError, KioskError, Problem
from kiosk.settings.config import Config, default_config_path, load_config


@dataclass(frozen=True)
class Site:
    config: Config
    form: Form
    """The form as written (its own language): the one receipts are signed against."""
    translations: tuple[Form, ...] = ()
    """The same form in other languages, checked to differ in words only."""
    catalogues: dict[str, Messages] = field(default_factory=dict)
    """Each language's message catalogue, by language code."""

    @property
    def languages(self) -> list[str]:
        """The languages a patient may choose, the form's own first."""
        return [self.form.language, *(t.language for t in self.translations)]

    def form_in(self, language: str) -> Form:
        """The form in `language` (the form's own when there is no such translation)."""
        return next((t for t in self.translations if t.language == language), self.form)

    def words_in(self, language: str) -> Messages:
        return self.catalogues.get(language) or english()

    @property
    def staff_language(self) -> str:
        return self.config.site.staff_language

    @property
    def staff_form(self) -> Form:
        return self.form_in(self.staff_language)

    @property
    def staff_words(self) -> Messages:
        return self.words_in(self.staff_language)


def load_site(config_path: Path | str | None = None, form_id: str | None = None) -> Site:
    """Load `config_path` (or ./kiosk.toml, or built-in defaults) and its form.

    `form_id` picks `<id>.toml` from the folder of the configured form instead.
    """
    path = Path(config_path) if config_path else default_config_path()
    config = load_config(path)
    form_path = config.form.path
    if form_id:
        form_path = form_path.parent / f"{form_id}.toml"
    form = load_form(form_path, config.form.parameters)
    if form_id and form_path != config.form.path:
        return Site(config=config, form=form)
    translations, problems = [], []
    for translation_path in config.form.translations:
        translated = load_form(translation_path, config.form.parameters)
        found = check_translation(form, translated, str(translation_path))
        problems += found
        if not found:
            translations.append(as_translation(form, translated))
    if problems:
        raise FormError(problems)
    languages = [form.language, *(t.language for t in translations)]
    if len(set(languages)) != len(languages):
        raise FormError(f"[form] translations: a language is given twice ({', '.join(languages)})")
    staff = config.site.staff_language
    if staff not in languages:
        raise ConfigError(
            Problem(
                config.source,
                f"no form in {staff!r} (have: {', '.join(languages)})",
                field="[site] staff_language",
            )  # fmt: skip
        )
    folders = [config.form.messages_dir] if config.form.messages_dir else []
    catalogues = {}
    for language in languages:
        try:
            catalogues[language] = load_messages(language, folders)
        except KioskError as exc:
            problems += exc.problems
    if problems:
        raise FormError(problems)
    return Site(config=config, form=form, translations=tuple(translations), catalogues=catalogues)
