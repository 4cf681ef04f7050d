"""`python -m coach` runs the same entry point as the `coach` command."""

from coach.launch import main

main()
