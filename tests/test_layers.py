"""House rule: only coach/ui imports Qt. The core must import, and run, without PySide6."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_packages_never_import_qt() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import coach.domain, coach.storage, coach.services, coach.audio
        for pkg in (coach.domain, coach.storage, coach.services, coach.audio):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(info.name)
        import coach.cli  # the command line too, until a command opens a window
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"))
        print(",".join(loaded))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt was imported by the core: {out.stdout.strip()}"


def test_only_ui_modules_mention_pyside() -> None:
    from pathlib import Path

    import coach

    root = Path(coach.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "ui" not in p.relative_to(root).parts[:1]
        and any(
            line.lstrip().startswith(("import PySide6", "from PySide6"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
