"""Programs: built-in and saved programs, assignments, day-by-day following, and program bundles (.coachprog)."""
