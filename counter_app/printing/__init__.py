"""Printed documents: reportlab layouts to PDF bytes, ESC/POS bytes. No Qt here."""
