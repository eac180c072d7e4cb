"""Widgets of the radiographer's station, one per file."""
