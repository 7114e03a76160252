"""Use cases: one function per user action, one transaction each.

They take a ``Database`` and, where a person acts, an ``Actor``; they return frozen
dataclasses (never ORM rows) and raise CounterError subclasses.
"""
