"""An information page of the leaflet: title, short paragraphs and bullets, 'I have read this'."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from kiosk.patient.screens.page import PageScreen
from kiosk.patient.widgets.plain import PlainStatic


class InfoScreen(PageScreen):
    next_label = "I have read this →"

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
