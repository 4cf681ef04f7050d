"""Profiles: several people on one machine, passcodes, and start at login."""
