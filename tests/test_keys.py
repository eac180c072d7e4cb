"""The site key file: 32 random bytes in hex, readable by its owner only, whatever was there."""

from __future__ import annotations

import os
import stat

import pytest

from kiosk.errors import PayloadError
from kiosk.settings.signing_key import load_key, load_or_create_key, write_key


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_key_is_private_and_loads(tmp_path):
    key = write_key(tmp_path / "keys" / "site.key")
    assert mode(key) == 0o600
    assert len(load_key(key)) == 32
    assert os.listdir(key.parent) == ["site.key"]  # no temporary file left behind


def test_force_over_a_stale_world_readable_temp_file_still_gives_a_private_key(tmp_path):
    key = tmp_path / "site.key"
    write_key(key)
    old = load_key(key)
    stale = tmp_path / "site.key.tmp"  # what an interrupted older keygen left
    stale.write_text("stale\n")
    os.chmod(stale, 0o644)
    write_key(key, force=True)
    assert mode(key) == 0o600
    assert load_key(key) != old
    assert stale.read_text() == "stale\n" and mode(stale) == 0o644  # never reused
    assert sorted(os.listdir(tmp_path)) == ["site.key", "site.key.tmp"]


def test_force_over_a_world_readable_key_makes_it_private(tmp_path):
    key = tmp_path / "site.key"
    key.write_text("00" * 32 + "\n")
    os.chmod(key, 0o644)
    write_key(key, force=True)
    assert mode(key) == 0o600


def test_existing_key_is_kept_without_force(tmp_path):
    key = write_key(tmp_path / "site.key")
    before = key.read_text()
    with pytest.raises(PayloadError, match="already exists"):
        write_key(key)
    assert key.read_text() == before
    assert load_or_create_key(key) == bytes.fromhex(before)


def test_unwritable_place_is_a_clear_error_not_a_traceback(tmp_path):
    blocker = tmp_path / "keys"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(PayloadError, match="cannot write the key file"):
        write_key(blocker / "site.key")
