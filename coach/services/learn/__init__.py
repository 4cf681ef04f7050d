"""Learn: the education pages and their self-checks."""
