"""Loket KTP-el: the KTP-el service counter of a kecamatan office."""

__version__ = "0.1.0"
