"""Learn views: the education pages."""
