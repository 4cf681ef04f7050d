"""Check-ins: PEG, PGIC, PHQ-9, GAD-7, the withdrawal checklist and the flare log, with their safety triggers."""
