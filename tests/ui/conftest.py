"""GUI tests: a wizard closed with data at teardown does not wait for a person."""

import pytest


@pytest.fixture(autouse=True)
def close_wizards_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """qtbot closes every widget at teardown; the recording wizard would ask
    "Simpan draf / Buang / Kembali" in a modal box. Tests of that question patch
    ``ask_close`` themselves."""
    from counter_app.ui.recording import wizard

    monkeypatch.setattr(wizard, "ask_close", lambda parent: wizard.CLOSE_DISCARD)


@pytest.fixture
def db(db):
    """The database, kept until the test's background work has ended.

    A screen may start work on its own (the report screen computes a report when it
    opens); it must finish before the test's database is removed, or it would fail
    against a database that is gone.
    """
    from counter_app.ui import operations

    yield db
    operations.wait_all()


@pytest.fixture(autouse=True)
def crash_dialogs_fail_the_test(request: pytest.FixtureRequest,
                                monkeypatch: pytest.MonkeyPatch):
    """A crash dialog would wait for a person (a hung run); here it fails the test.

    The crash reporter's own tests (test_errors.py) drive the real dialog.
    """
    from counter_app.ui import errors

    if request.module.__name__.endswith("test_errors"):
        yield
        return
    crashes: list[str] = []
    monkeypatch.setattr(errors, "show_crash_dialog",
                        lambda _parent, _report, details: crashes.append(details))
    yield
    assert not crashes, "the crash dialog was shown:\n" + "\n".join(crashes)
