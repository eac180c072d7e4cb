"""An information page of the leaflet: title, short paragraphs and bullets, and the form's
'I have read this' (`acknowledge`) on the button that goes on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.plain import PlainStatic


class InfoScreen(PageScreen):
    def next_label(self) -> str:
        """The form's own words for 'I have read this' (InfoPage.acknowledge)."""
        words = self.kiosk.words
        acknowledge = self.page.acknowledge or words("page.acknowledge")
        return words("page.read", acknowledge=acknowledge)

    def compose_body(self) -> ComposeResult:
        yield PlainStatic(self.page.title, id="prompt")
        # One widget for the paragraphs and one for the bullets (indented), not one for each:
        # each widget costs time on every page change (issue 11, item 7).
        with VerticalScroll(id="info-text"):
            if self.page.paragraphs:
                yield PlainStatic("\n\n".join(self.page.paragraphs), classes="paragraph")
            if self.page.bullets:
                bullets = "\n".join(f"•  {bullet}" for bullet in self.page.bullets)
                yield PlainStatic(bullets, classes="bullet")

    def commit(self) -> bool:
        self.session.acknowledge(self.page.id)
        return True
