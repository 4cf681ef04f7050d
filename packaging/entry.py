"""The packaged program's entry point: the same `coach.launch:main` the `coach` command runs, or piper's
speech helper (coach/audio/speech_worker.py) when the app starts itself with `--speech-helper`."""

import sys

if sys.argv[1:] == ["--speech-helper"]:  # coach.audio.engines.HELPER_ARGUMENT
    from coach.audio.speech_worker import main as speech_helper

    speech_helper()
else:
    from coach.launch import main

    main()
