"""GUI tests: a wizard closed with data at teardown does not wait for a person."""

import pytest


@pytest.fixture(autouse=True)
def close_wizards_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """qtbot closes every widget at teardown; the recording wizard would ask
    "Simpan draf / Buang / Kembali" in a modal box. Tests of that question patch
    ``ask_close`` themselves."""
    from counter_app.ui.recording import wizard

    monkeypatch.setattr(wizard, "ask_close", lambda parent: wizard.CLOSE_DISCARD)
