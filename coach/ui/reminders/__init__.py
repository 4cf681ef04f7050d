"""Reminder views: the reminders dialog, the rule editor and the controller that fires them while the app runs."""
