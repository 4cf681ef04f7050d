"""The profile list reads each profile's kind from its own database, whatever the folder names hold."""

from __future__ import annotations

from pathlib import Path

from coach.storage.paths import ProfilePaths
from coach.storage.profiles import kind_in_database
from coach.storage.store import Store


def test_the_kind_is_read_from_a_data_folder_named_with_uri_characters(tmp_path: Path) -> None:
    data_dir = tmp_path / "clinic #2 ?100%"
    with Store.open(ProfilePaths(data_dir, "coach")) as store:
        store.update_profile(kind="coach")
        slug = store.paths.database.parent.name
    assert kind_in_database(data_dir, slug) == "coach"
