"""Settings rows on disk: typed reads and writes, kept across restarts, and never a reason not to start."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coach.domain.settings import SPEECH_RATE, SYSTEM_DARK, TEXT_SCALE, THEME, SettingError
from coach.storage.paths import ProfilePaths
from coach.storage.store import Store


def _raw_rows(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("select key, value from settings").fetchall())


def test_a_setting_is_kept_across_a_restart(data_dir: Path) -> None:
    with Store.open(ProfilePaths(data_dir)) as store:
        assert store.settings.get(THEME) == "system"  # nothing stored yet: the default
        assert store.settings.set(TEXT_SCALE, "150") == 150
        store.settings.set(THEME, "dark")
    with Store.open(ProfilePaths(data_dir)) as reopened:
        assert reopened.settings.get(THEME) == "dark"
        assert reopened.settings.get(TEXT_SCALE) == 150


def test_rows_stay_key_to_json_so_older_versions_read_them(store: Store) -> None:
    store.settings.set(THEME, "dark")
    store.settings.set(SPEECH_RATE, 0.8)
    store.settings.set(SYSTEM_DARK, True)
    rows = _raw_rows(store)
    assert rows == {"theme": '"dark"', "speech_rate": "0.8", "system_dark": "true"}
    store.settings.set(THEME, "light")  # a second write replaces the row, never adds one
    assert _raw_rows(store)["theme"] == '"light"' and len(_raw_rows(store)) == 3


def test_a_refused_value_writes_nothing(store: Store) -> None:
    store.settings.set(TEXT_SCALE, 120)
    with pytest.raises(SettingError, match="at most 200"):
        store.settings.set(TEXT_SCALE, 900)
    assert store.settings.get(TEXT_SCALE) == 120
    assert not store.conn.in_transaction


def test_a_write_inside_a_failed_transaction_is_rolled_back(store: Store) -> None:
    store.settings.set(THEME, "light")
    with pytest.raises(RuntimeError), store.transaction():
        store.settings.set(THEME, "dark")
        assert store.settings.get(THEME) == "dark"  # visible inside the transaction
        raise RuntimeError("a later step of the same save failed")
    assert store.settings.get(THEME) == "light"


def test_a_bad_stored_row_reads_as_the_default(store: Store) -> None:
    # Rows written by hand or by an older version: not JSON, out of range, the wrong type, a retired key.
    store.conn.executemany(
        "insert into settings (key, value) values (?, ?)",
        [("theme", "dark"), ("text_scale", "900"), ("speech_rate", '"fast"'), ("retired_key", "1")],
    )
    store.conn.commit()
    assert store.settings.get(THEME) == "system"
    assert store.settings.get(TEXT_SCALE) == 100
    assert store.settings.get(SPEECH_RATE) == 1.0
    everything = store.settings.all()
    assert "retired_key" not in everything
    assert everything["theme"] == "system" and everything["text_scale"] == 100


def test_store_reads_the_same_values_by_typed_key_or_stored_name(store: Store) -> None:
    store.set_setting("text_scale", 130)  # the CLI and tools still name settings by their stored key
    assert store.setting(TEXT_SCALE) == 130 == store.setting("text_scale")
    assert store.all_settings()["text_scale"] == 130
    with pytest.raises(SettingError, match="unknown setting"):
        store.set_setting("colour", "red")
    with pytest.raises(SettingError, match="unknown setting"):
        store.setting("colour")


def test_settings_are_read_and_written_without_sqlite_utils(data_dir: Path) -> None:
    # Theme and text size are read before the first window; sqlite-utils loads only after it is up.
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from coach.domain.settings import SYSTEM_DARK, THEME
        from coach.storage.paths import ProfilePaths
        from coach.storage.store import Store
        Store.open(ProfilePaths(Path({str(data_dir)!r}))).close()  # create and migrate first
        sys.modules.pop("sqlite_utils", None)
        for name in [m for m in sys.modules if m.startswith("sqlite_utils.")]:
            sys.modules.pop(name)
        store = Store.open(ProfilePaths(Path({str(data_dir)!r})))
        store.all_settings()
        store.setting(THEME)
        store.set_setting(SYSTEM_DARK, True)
        store.close()
        print("sqlite_utils" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
    with Store.open(ProfilePaths(data_dir)) as store:
        assert store.setting(SYSTEM_DARK) is True  # and the write was committed
