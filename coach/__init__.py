"""Pain Recovery Coach: guided practice and a taper record, offline, on the user's own machine."""

__version__ = "0.2.0"
