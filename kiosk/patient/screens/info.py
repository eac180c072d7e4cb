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
        with VerticalScroll(id="info-text"):
            for paragraph in self.page.paragraphs:
                yield PlainStatic(paragraph, classes="paragraph")
            for bullet in self.page.bullets:
                yield PlainStatic(f"•  {bullet}", classes="bullet")

    def commit(self) -> bool:
        self.session.acknowledge(self.page.id)
        return True
