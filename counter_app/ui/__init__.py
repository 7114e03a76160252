"""Qt widgets and windows. The only package that imports PySide6."""
