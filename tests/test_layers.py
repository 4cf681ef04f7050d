"""House rules about layers and threads: only coach/ui imports Qt, views never write, and work leaves the GUI
thread only through coach/ui/tasks.py."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import tokenize
from pathlib import Path


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


# Ways to start a thread, a pool or a process worker. Locks and events are fine anywhere.
_THREAD_MAKERS = re.compile(
    r"threading\.Thread\(|\bThread\(|\bQThread\(|QThreadPool|QRunnable|ThreadPoolExecutor|ProcessPoolExecutor"
    r"|concurrent\.futures|_thread\.start_new|multiprocessing|\bto_thread\(|run_in_executor"
    r"|BackgroundScheduler|apscheduler\.executors\.pool"
)


def _code_without_comments_or_strings(path: Path) -> str:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    skip = (tokenize.COMMENT, tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING))  # 3.12+
    return " ".join(t.string for t in tokens if t.type not in skip).replace(" . ", ".").replace(" (", "(")


def test_only_the_background_runner_starts_threads() -> None:
    """Work leaves the GUI thread through coach/ui/tasks.py only (one bridge back, one place to cancel
    and wait at quit); docstrings and comments may still talk about threads."""
    import coach

    root = Path(coach.__file__).parent
    runner = root / "ui" / "tasks.py"
    offenders = {
        str(p.relative_to(root)): sorted(set(_THREAD_MAKERS.findall(_code_without_comments_or_strings(p))))
        for p in root.rglob("*.py")
        if p != runner
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert _THREAD_MAKERS.search(_code_without_comments_or_strings(runner)), (
        "the runner moved: update this test"
    )
