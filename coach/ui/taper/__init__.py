"""Taper views: the page, the plan and timeline tabs, and their dialogs."""
