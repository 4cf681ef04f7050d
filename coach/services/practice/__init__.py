"""Practice: the exercise library, guided sessions with their ratings, and a person's own recordings."""
