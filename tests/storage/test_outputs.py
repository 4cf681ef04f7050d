"""The output guard: refusals before anything is written, private files that appear whole, no leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.storage.outputs import OutputError, check_output, guarded_file, guarded_folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    (d / "profiles" / "default").mkdir(parents=True)
    (d / "profiles" / "default" / "coach.db").write_bytes(b"live")
    return d


def test_a_symlink_into_the_data_folder_is_refused(data: Path, tmp_path: Path) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(data / "profiles" / "default" / "coach.db")
    with pytest.raises(OutputError, match="data folder"):
        check_output(link, data)
    folder_link = tmp_path / "docs"
    folder_link.symlink_to(data / "profiles")
    with pytest.raises(OutputError, match="data folder"):
        check_output(folder_link / "x.pdf", data)
    assert (data / "profiles" / "default" / "coach.db").read_bytes() == b"live"


def test_a_relative_path_is_checked_where_it_really_points(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data / "profiles" / "default")
    with pytest.raises(OutputError, match="data folder"):
        check_output(Path("coach.db"), data)


def test_a_failing_writer_leaves_the_old_file_and_no_temporary_one(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"yesterday's report")
    with pytest.raises(RuntimeError), guarded_file(target, data) as tmp:
        tmp.write_bytes(b"half a rep")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "report.pdf"]


def test_the_file_appears_whole_and_private(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    with guarded_file(target, data) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".json" and tmp != target
        assert os.stat(tmp).st_mode & 0o777 == 0o600
        tmp.write_text("{}")
        assert not target.exists()  # not under its name until complete
    assert target.read_text() == "{}" and target.stat().st_mode & 0o777 == 0o600


def test_a_folder_output_moves_files_in_only_when_done(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "csv"
    with pytest.raises(RuntimeError), guarded_folder(target, data) as tmp:
        (tmp / "a.csv").write_text("half")
        raise RuntimeError("stopped")
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    with guarded_folder(target, data) as tmp:
        (tmp / "a.csv").write_text("x")
    assert (target / "a.csv").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "data"]
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError, match="is a file"):
        check_output(tmp_path / "file", data, folder=True)
