"""Pure domain logic: models and rules with no I/O and no Qt, unit-tested without a display."""
