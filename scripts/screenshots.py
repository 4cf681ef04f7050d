"""Writes a PNG of every surface the layout audit opens (every page with each tab and inner screen, every
dialog), with demo data, for people to look at: artefacts/screenshots/<config>/<surface>.png, where config
is <width>x<height>-<theme>-<text %> (e.g. 1024x600-dark-150).

Run with `make screenshots` (offscreen, no display needed). Arguments narrow it down:
    scripts/screenshots.py [--configs 1024x600-light-100,1366x768-dark-200] [--only page|dialog]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "artefacts" / "screenshots"
DEFAULT_CONFIGS = [
    f"{w}x{h}-{theme}-{scale}"
    for w, h in ((1024, 600), (1366, 768), (1920, 1080))
    for theme in ("light", "dark")
    for scale in (100, 150, 200)
]


def _file_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_") or "main"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default=",".join(DEFAULT_CONFIGS))
    parser.add_argument("--only", choices=("page", "dialog"), default=None)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QRect

    from coach.services.context import AppContext
    from coach.ui.app import ensure_qapplication
    from coach.ui.widgets.common import fit_to_screen
    from tests.gui.layout.audit import Config, settle
    from tests.gui.layout.surfaces import demo_app, dialog_factories, open_page, page_keys, views

    app = ensure_qapplication()
    written = 0
    for name in args.configs.split(","):
        size, theme, scale = name.split("-")
        width, height = (int(n) for n in size.split("x"))
        config = Config(width, height, theme, int(scale))
        work = Path(tempfile.mkdtemp(prefix="coach-shots-"))
        os.environ["COACH_DATA_DIR"] = str(work / "data")
        ctx = AppContext.open(work / "data", "default")
        ctx.store.set_setting("theme", theme)
        ctx.store.set_setting("text_scale", config.text_scale)
        coach_app = demo_app(ctx, app)
        window = coach_app.window
        window.restore_geometry_setting(QRect(0, 0, width, height))
        window.show()
        window.setGeometry(QRect(0, 0, width, height) if window.opens_maximised else window.geometry())
        settle(app)
        folder = OUT / name
        folder.mkdir(parents=True, exist_ok=True)
        if args.only in (None, "page"):
            for key in page_keys():
                open_page(window, key)  # as the profile kind the audit opens it as
                settle(app)
                for view in views(window.page(key)):
                    window.grab().save(str(folder / f"page-{key}-{_file_name(view)}.png"))
                    written += 1
        if args.only in (None, "dialog"):
            for dialog_name, make in dialog_factories(ctx, work).items():
                dialog = make()
                dialog.show()
                settle(app)
                fit_to_screen(dialog, config.available)
                settle(app)
                for view in views(dialog):
                    dialog.grab().save(str(folder / f"dialog-{dialog_name}-{_file_name(view)}.png"))
                    written += 1
                dialog.close()
                dialog.deleteLater()
        window.close()
        coach_app.outside_poll.stop()
        ctx.close()
        print(f"{folder.relative_to(ROOT)}: done", flush=True)
    print(f"{written} screenshots in {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
