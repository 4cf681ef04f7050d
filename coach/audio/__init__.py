"""Spoken guidance: script -> speech -> pydub composition -> cached track with step timings. No Qt here.

Modules: engines (speech), sounds (chime, cues, ambience), loudness, compose (track layout), cache, render.
"""
