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


def test_ui_never_writes_the_database_or_settings_itself() -> None:
    """Views call services; a service writes, commits and then publishes one Changes. So no module under
    coach/ui calls set_setting, update_profile, transaction, execute, query or bus.publish."""
    import ast
    from pathlib import Path

    import coach

    ui = Path(coach.__file__).parent / "ui"
    forbidden = {"set_setting", "update_profile", "transaction", "execute", "query"}
    where: list[str] = []
    for path in sorted(ui.rglob("*.py")):
        name = path.relative_to(ui).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            attr, owner = node.func.attr, node.func.value
            publishes = attr == "publish" and (
                (isinstance(owner, ast.Attribute) and owner.attr == "bus")
                or (isinstance(owner, ast.Name) and owner.id == "bus")
            )
            if attr in forbidden or publishes:
                where.append(f"coach/ui/{name}:{node.lineno} calls .{attr}(")
    assert where == [], "views must go through a service use case:\n" + "\n".join(where)
