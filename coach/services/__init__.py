"""Use cases over storage and audio: what the UI and the CLI both call. No Qt here."""
