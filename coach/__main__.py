"""`python -m coach` runs the same entry point as the `coach` command."""

import coach.offline  # noqa: F401  (first: dependencies' telemetry off before any of them loads)
from coach.launch import main

main()
