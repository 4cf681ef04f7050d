"""Progress views: the dashboard page and its chart cards."""
