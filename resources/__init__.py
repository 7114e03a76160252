"""Files shipped with the app: reference data, icons (read through importlib.resources)."""
