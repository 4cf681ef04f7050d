"""Test set-up: headless Qt before anything imports it, quiet known warnings, and the shared fixtures
from tests/helpers/."""

from __future__ import annotations

import os
import warnings

# Qt must never look for a display in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)
warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)

pytest_plugins = ["helpers.fixtures"]
