"""PyInstaller runtime hook: runs before any of the app's code in the packaged program.

onnxruntime (under the piper voice) sends usage telemetry by default on Linux and writes a device id under
~/.cache; the app promises no network connection, so it is switched off before anything can import it.
"""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
