"""The exercise player: widgets, playback, rendering, the transport and a person's own recordings."""
