"""The station's case store: file mode, duplicates, completion, retention."""

import stat
from datetime import UTC, datetime, timedelta

from kiosk.station.store import Store

T0 = datetime(2026, 11, 25, 10, 42, tzinfo=UTC)


def _scan(store, payload, at, **extra):
    return store.record_scan(payload, status="valid", reason="verified", scanned_at=at, **extra)


def test_database_is_created_0600(tmp_path):
    path = tmp_path / "var" / "station.sqlite3"
    with Store(path) as store:
        _scan(store, "1234", T0)
        for file in (path, path.with_name(path.name + "-wal")):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_same_payload_twice_returns_the_first_case_and_its_time(tmp_path):
    with Store(tmp_path / "s.db") as store:
        first, new = _scan(store, "1234", T0, answers={"name": "Ann"}, baseline=7)
        again, new_again = _scan(store, "1234", T0 + timedelta(minutes=5))
        assert new and not new_again
        assert again.id == first.id
        assert again.scanned_at == T0
        assert again.answers == {"name": "Ann"}
        assert len(store.cases_since(T0 - timedelta(days=1))) == 1


def test_complete_records_score_staff_and_time(tmp_path):
    with Store(tmp_path / "s.db") as store:
        case, _ = _scan(store, "1234", T0, baseline=7)
        done = store.complete(
            case.id, post_score=2, staff="AB", identity_confirmed=True, at=T0 + timedelta(hours=1)
        )
        assert (done.post_score, done.staff, done.identity_confirmed) == (2, "AB", True)
        assert done.completed_at == T0 + timedelta(hours=1)
        assert done.baseline == 7


def test_purge_deletes_only_cases_older_than_retention(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _scan(store, "old", T0 - timedelta(days=31))
        _scan(store, "new", T0 - timedelta(days=29))
        assert store.purge(T0, 30) == 1
        assert [c.payload for c in store.cases_since(T0 - timedelta(days=365))] == ["new"]


def test_cases_since_filters_by_scan_time(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _scan(store, "a", T0 - timedelta(days=2))
        _scan(store, "b", T0)
        assert [c.payload for c in store.cases_since(T0 - timedelta(hours=1))] == ["b"]
