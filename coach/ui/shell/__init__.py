"""The window shell's helpers that coach/ui/app.py wires together: the Qt application and its start-up
steps, the icons, the tray and the notice that the app keeps running in the background."""
