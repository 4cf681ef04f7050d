"""Progress: the dashboard's charts and flags over a date range, and the clinician report (PDF)."""
