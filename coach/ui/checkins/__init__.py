"""Check-in views: the page and its questionnaire widgets."""
