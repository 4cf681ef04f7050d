"""Shared widgets: named basics, form helpers, rating inputs and the page placeholder."""
