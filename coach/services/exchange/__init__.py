"""The exchange folder: progress files and programs that travel by themselves through a synced folder."""
