"""The Perekaman area: the walk-in recording wizard and its pieces."""
