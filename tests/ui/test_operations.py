import threading
import time

from counter_app import local_config
from counter_app.printing.paper import Output, PrinterSettings
from counter_app.ui import counter_screen, dialogs, operations
from counter_app.ui.messages import MessageLine


class SlowPrinter:
    """Records when each job ran; overlapping jobs on one device would garble paper."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active = 0
        self.overlaps = 0
        self.jobs = []

    def job(self, name):
        with self.lock:
            self.active += 1
            self.overlaps += self.active > 1
        time.sleep(0.05)
        with self.lock:
            self.active -= 1
            self.jobs.append(name)
        return name


def test_jobs_for_one_printer_run_one_at_a_time_in_order(qtbot):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    printer = SlowPrinter()
    queue = operations.printer_queue(PrinterSettings(Output.SYSTEM, target="Loket 1"))
    for n in range(5):
        line.run(lambda n=n: printer.job(n), queue=queue)
    operations.wait_all()
    assert printer.overlaps == 0 and printer.jobs == [0, 1, 2, 3, 4]


def test_two_printers_do_not_wait_for_each_other(qtbot):
    line = MessageLine("msg")
    qtbot.addWidget(line)
    gate = threading.Event()
    done = []
    first = operations.printer_queue(PrinterSettings(Output.SYSTEM, target="A"))
    second = operations.printer_queue(PrinterSettings(Output.SYSTEM, target="B"))
    line.run(lambda: gate.wait(10), queue=first)
    line.run(lambda: done.append("B"), queue=second)
    qtbot.waitUntil(lambda: done == ["B"], timeout=5000)  # B printed while A still blocks
    gate.set()
    operations.wait_all()


def test_tickets_printed_fast_at_the_counter_never_interleave(qtbot, db, monkeypatch):
    from counter_app.domain.roles import Role
    from tests.helpers import make_office, make_user

    make_office(db)
    clerk = make_user(db, "petugas", Role.OPERATOR)
    printer = SlowPrinter()
    real = counter_screen.print_ticket

    def slow_print(db_, ticket_id, settings, pdf_printer, actor=None):
        printer.job(ticket_id)
        return real(db_, ticket_id, settings, pdf_printer, actor)

    monkeypatch.setattr(counter_screen, "print_ticket", slow_print)
    monkeypatch.setattr(dialogs, "choose", lambda *a: "A - Perekaman KTP-el")
    screen = counter_screen.CounterScreen(db, clerk)
    qtbot.addWidget(screen)
    screen.show()
    for _ in range(3):  # "Tiket baru" three times, faster than the printer
        screen.buttons["new_ticket"].click()
    assert operations.pending() >= 1
    operations.wait_all()
    assert printer.overlaps == 0 and printer.jobs == [1, 2, 3], screen.message.text()
    assert "A-003 disimpan sebagai PDF (printer belum diatur)" in screen.message.text()
    assert local_config.load().ticket_printer.output is Output.PDF_FILE
