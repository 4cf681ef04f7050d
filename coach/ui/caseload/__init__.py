"""Caseload views: the coach's overview of imported patients."""
