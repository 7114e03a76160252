"""Small helpers for putting labels inside Indonesian sentences."""

from __future__ import annotations


def lower_first(text: str) -> str:
    """``text`` inside a sentence: only its first letter lowered.

    "Dikirim ke Disdukcapil" becomes "dikirim ke Disdukcapil" (the name keeps its
    capital, which ``str.lower`` would take away). A label that opens with an acronym
    ("SUKET diterbitkan", "KK", "WNA pemegang KITAP") is left as it is.
    """
    if not text:
        return text
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1].isupper():
        return text
    return text[0].lower() + text[1:]
