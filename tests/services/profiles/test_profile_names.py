"""Profile names in any script: the name is kept as typed, the folder name is derived safely and uniquely."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.domain.clock import FixedClock
from coach.domain.errors import CoachError
from coach.services.profiles.service import ProfileService
from coach.storage.paths import ProfilePaths
from coach.storage.profiles import folder_name_for, load_registry
from coach.storage.store import Store


@pytest.fixture
def service(data_dir: Path, clock: FixedClock) -> ProfileService:
    return ProfileService(data_dir, clock)


@pytest.mark.parametrize("name", ["Профиль", "测试", "Ελληνικά", "Café", "José María", "🌿 Calm", "نور"])
def test_a_name_in_any_script_is_kept_as_typed(service: ProfileService, data_dir: Path, name: str) -> None:
    created = service.create(name)
    assert created.name == name
    assert [p.name for p in service.list()] == [name]
    assert load_registry(data_dir)[created.slug].name == name
    # Its own database, in a folder with a plain ASCII name inside the profiles folder.
    folder = ProfilePaths(data_dir, created.slug).profile_dir
    assert folder.parent == data_dir / "profiles" and folder.name.isascii()
    with Store.open(ProfilePaths(data_dir, created.slug)) as store:
        assert store.profile().nickname == name


def test_cafe_and_caf_are_two_profiles(service: ProfileService) -> None:
    cafe = service.create("Café")
    caf = service.create("Caf")
    cafe_plain = service.create("Cafe")  # a different name that folds to the same letters
    assert len({cafe.slug, caf.slug, cafe_plain.slug}) == 3
    assert {p.name for p in service.list()} == {"Café", "Caf", "Cafe"}
    with pytest.raises(CoachError, match="already exists"):
        service.create("café")  # the same name in another case


def test_two_names_without_latin_letters_get_their_own_folders(service: ProfileService) -> None:
    one, two = service.create("测试"), service.create("Профиль")
    assert one.slug != two.slug
    assert service.get("测试").slug == one.slug and service.get("профиль").slug == two.slug


@pytest.mark.parametrize(
    "name", ["../etc", "a/b", "a\\b", "..", "CON", "nul.txt", "com1", ".hidden", "~", "   Lpt9  "]
)
def test_path_tricks_and_reserved_names_map_to_a_safe_folder(
    service: ProfileService, data_dir: Path, name: str
) -> None:
    created = service.create(name)
    folder = ProfilePaths(data_dir, created.slug).profile_dir
    assert folder.resolve().parent == (data_dir / "profiles").resolve()
    assert created.slug.split("-")[0] not in {"con", "nul", "com1", "lpt9"}
    assert created.name == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "line\nbreak", "tab\there", "x" * 61])
def test_unusable_names_are_refused_with_a_plain_message(service: ProfileService, name: str) -> None:
    with pytest.raises(CoachError) as refused:
        service.create(name)
    assert "\n" not in str(refused.value)
    assert service.list() == []


def test_folder_names_are_unique_whatever_the_case() -> None:
    assert folder_name_for("Café", set()) == "cafe"
    assert folder_name_for("Café", {"Cafe"}) == "cafe-2"
    assert folder_name_for("测试", {"profile", "profile-2"}) == "profile-3"


def test_the_command_line_finds_a_profile_by_its_name(service: ProfileService, data_dir: Path) -> None:
    created = service.create("Профиль")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data_dir), "--profile", "Профиль", "reminders", "list"]
    )
    assert result.exit_code == 0, result.stderr
    assert ProfilePaths(data_dir, created.slug).database.exists()
    unknown = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "--profile", "测试", "reminders", "list"])
    assert unknown.exit_code == 1 and unknown.stderr.startswith("coach: ")
