"""Learn views: the course page, one lesson, and the education pages with their self-check."""
