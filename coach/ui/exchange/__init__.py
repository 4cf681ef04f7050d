"""The exchange folder in the window: the watcher, the coach's home page and the patient's program notice."""
