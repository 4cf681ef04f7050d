"""The Help now page."""
