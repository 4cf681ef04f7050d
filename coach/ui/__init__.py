"""The Qt layer: the only package that imports PySide6. Thin views that forward to services."""
