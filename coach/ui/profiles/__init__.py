"""Profile views: choosing a profile at start and the first-run questions."""
