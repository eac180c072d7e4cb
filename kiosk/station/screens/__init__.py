"""Screens of the radiographer's station."""
