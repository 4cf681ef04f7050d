"""Caseload: progress files (.coachprogress) a patient shares and a coach imports and reviews."""
