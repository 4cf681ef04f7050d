"""Reminders: the rules a person keeps, the ones derived from their data, and delivery with catch-up."""
