"""The packaged program's entry point: the same `coach.launch:main` the `coach` command runs."""

from coach.launch import main

main()
