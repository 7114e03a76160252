"""The windows: the app itself, the ticket kiosk and the waiting-room display.

None of them logs in here: the app opens its own login window, and the kiosk and the
display are public screens that only issue numbered tickets or show numbers.
"""

from __future__ import annotations

from typing import Any

from counter_app.cli.core import Context, arg, command
from counter_app.domain.errors import ValidationError


@command("gui", "membuka aplikasi (sama dengan tanpa perintah)")
def gui(ctx: Context) -> int:
    """Open the app (its own login window asks who is acting)."""
    from counter_app.cli.core import check_database_url
    from counter_app.db import resolve_database_url
    from counter_app.ui.app import run_gui

    # Before any window: a bad --db is one line, not a crash dialog. The first start
    # may create the embedded database (the guided set-up follows).
    check_database_url(resolve_database_url(ctx.db_url), create=True)
    return run_gui(ctx.db_url)


_WINDOW = arg("--window", action="store_true", help="jendela biasa, bukan layar penuh")


@command("kiosk", "membuka layar kios tiket (layar penuh)", _WINDOW)
def kiosk(ctx: Context) -> int:
    """The ticket kiosk."""
    return _run_window(ctx, "kiosk")


@command("display", "membuka layar ruang tunggu (layar penuh)", _WINDOW)
def display(ctx: Context) -> int:
    """The waiting-room display."""
    return _run_window(ctx, "display")


def _run_window(ctx: Context, kind: str) -> int:
    from counter_app.services.office import get_office
    from counter_app.ui.app import application
    from counter_app.ui.errors import install_excepthook

    app = application()
    install_excepthook()
    if get_office(ctx.db) is None:
        raise ValidationError("Kantor belum disiapkan: jalankan counter-app atau "
                              "counter-app init terlebih dahulu.")
    if kind == "kiosk":
        from counter_app.ui.kiosk import KioskWindow

        window: Any = KioskWindow(ctx.db)
    else:
        from counter_app.ui.waiting_display import WaitingDisplay

        window = WaitingDisplay(ctx.db)
    if ctx.args.window:
        window.resize(1280, 800)
        window.show()
    else:
        window.showFullScreen()
    return int(app.exec())
