"""Your data as a whole: demo data and the doctor's checks."""
