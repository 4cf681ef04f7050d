"""Practice views: the exercise list and details, the session flow, the flare flow and the exercise editor."""
