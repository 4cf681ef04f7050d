"""Shared test helpers and fixtures (loaded by tests/conftest.py)."""
