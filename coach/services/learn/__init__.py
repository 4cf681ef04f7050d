"""Learn: the course of lessons, the prescriber preparation sheet, the education pages and their self-checks."""
