"""Taper: medicines and the dose log, MME as prescribed and as taken, plans, steps, pauses and milestones."""
