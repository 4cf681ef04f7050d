"""Safety feature: overdose-risk and treatment notices for Today and Taper, and the answers they read."""
