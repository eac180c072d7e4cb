"""The patient's screens, one per file; each reads the app's Session and calls its methods."""
