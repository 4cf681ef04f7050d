"""Switches dependencies' own network traffic off: imported first by every entry point, before any of them.

The app promises that nothing leaves the computer. onnxruntime (under the piper voice) has telemetry on by
default on Linux: a bare import writes a device id, the OS and the program path under
`~/.cache/Microsoft/DeveloperTools/` and a long-lived process looks up Microsoft's events host. Its switch
is read from the environment when the library loads, so it must be set before anything imports it; it is
set (not defaulted) so that a value left in someone's shell cannot turn telemetry back on. Child processes
(the audio probe of `coach doctor`, a frozen app's helpers) inherit the environment.
"""

from __future__ import annotations

import os

OFFLINE_ENV: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime: no event queue on disk, no telemetry host look-up
    "HF_HUB_OFFLINE": "1",  # huggingface_hub, if a voice package ever pulls it in: never download
}


def apply() -> None:
    """Set every switch in `OFFLINE_ENV` in this process's environment (idempotent)."""
    os.environ.update(OFFLINE_ENV)


apply()
