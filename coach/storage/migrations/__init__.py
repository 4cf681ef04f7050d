"""Schema changes kept in a module of their own; each is listed in coach/storage/schema.py's MIGRATIONS."""
