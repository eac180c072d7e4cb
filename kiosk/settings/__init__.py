"""What a kiosk is set up with: `kiosk.toml`, the form it runs, the staff PIN file and the
signing key, loaded and checked by one function (`preflight`) for `kiosk validate` and `run`."""
