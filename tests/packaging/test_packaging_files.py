"""The package's own files agree with each other and with the app: one version everywhere, a menu entry
that starts the installed command with an icon that exists in every size, valid AppStream data, the
voice's non-commercial note, and no Qt WebEngine in the bundle."""

from __future__ import annotations

import configparser
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest

import coach

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
METAINFO = PACKAGING / "io.github.pain_recovery_coach.PainRecoveryCoach.metainfo.xml"


def test_the_version_has_one_source_and_a_changelog_entry() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "coach/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", coach.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{coach.__version__}] - " in changelog
    assert f'<release version="{coach.__version__}"' in METAINFO.read_text(encoding="utf-8")


def test_the_licence_is_the_full_gpl_3() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 3, 29 June 2007" in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert len(text) > 30_000


def test_the_menu_entry_starts_the_installed_command_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "pain-recovery-coach.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "pain-recovery-coach"
    assert desktop["Terminal"] == "false"
    icon = desktop["Icon"]
    assert (PACKAGING / "icons" / f"{icon}.svg").is_file()
    for size in (48, 128, 256):
        png = PACKAGING / "icons" / f"{icon}-{size}.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_the_appstream_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_copyright_says_the_voice_may_be_non_commercial() -> None:
    text = (PACKAGING / "debian" / "copyright").read_text(encoding="utf-8")
    assert "GPL-3.0-or-later" in text
    assert "NON-COMMERCIAL" in text


def test_the_bundle_leaves_out_qt_webengine_and_turns_telemetry_off() -> None:
    spec = (PACKAGING / "pain-recovery-coach.spec").read_text(encoding="utf-8")
    assert '"QtWebEngineCore"' in spec and "libQt6WebEngine" in spec
    assert "rthook_env.py" in spec
    hook = (PACKAGING / "rthook_env.py").read_text(encoding="utf-8")
    assert 'os.environ["ORT_DISABLE_TELEMETRY"] = "1"' in hook


def test_the_deb_installs_both_commands_and_the_desktop_files() -> None:
    script = (PACKAGING / "build_deb.sh").read_text(encoding="utf-8")
    for path in (
        '"$ROOTFS/usr/bin/$NAME"',
        '"$ROOTFS/usr/bin/coach"',
        "usr/share/applications",
        "usr/share/metainfo",
        "usr/share/icons/hicolor",
        "usr/share/doc/$NAME/copyright",
    ):
        assert path in script
    assert "/opt/$NAME" in script


def test_the_navigation_icons_ship_with_their_licence() -> None:
    spec = (PACKAGING / "pain-recovery-coach.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "coach/_data/resources")' in spec  # the SVG files travel with it
    assert '"PySide6.QtSvg"' in spec  # and the plug-ins that draw them
    copyright_text = (PACKAGING / "debian" / "copyright").read_text(encoding="utf-8")
    assert "resources/icons/nav/*" in copyright_text and "Phosphor Icons" in copyright_text
    licence = ROOT / "resources" / "icons" / "nav" / "LICENSE-phosphor.txt"
    assert "MIT License" in licence.read_text(encoding="utf-8")
