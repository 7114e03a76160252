"""This PC's printers: tickets, slips, and A4 letters (SUKET, surat pengantar, reports)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import local_config
from counter_app.printing.paper import Output, Paper, PrinterSettings, Transport
from counter_app.ui.messages import MessageLine

OUTPUTS = {Output.PDF_FILE: "Simpan PDF ke folder", Output.SYSTEM: "Printer sistem (PDF)",
           Output.ESCPOS: "Printer thermal ESC/POS"}
TRANSPORTS = {Transport.NETWORK: "Jaringan (IP:9100)", Transport.CUPS: "Antrean CUPS (lp)",
              Transport.WINDOWS: "Antrean printer Windows", Transport.FILE: "Berkas/perangkat"}
KINDS = (("ticket_printer", "Tiket antrean", (Paper.THERMAL_58, Paper.THERMAL_80)),
         ("slip_printer", "Tanda terima", (Paper.THERMAL_58, Paper.THERMAL_80, Paper.A6)),
         ("letter_printer", "Surat A4 (SUKET, surat pengantar, laporan)", (Paper.A4,)))


class _PrinterForm(QGroupBox):
    def __init__(self, title: str, papers: tuple[Paper, ...], settings: PrinterSettings,
                 name: str) -> None:
        super().__init__(title)
        self.output = QComboBox(objectName=f"{name}_output")
        for output, label in OUTPUTS.items():
            if output is Output.ESCPOS and Paper.A4 in papers:
                continue
            self.output.addItem(label, output.value)
        self.paper = QComboBox(objectName=f"{name}_paper")
        for paper in papers:
            self.paper.addItem(paper.value, paper.value)
        self.cutter = QCheckBox("Ada pemotong kertas", objectName=f"{name}_cutter")
        self.transport = QComboBox(objectName=f"{name}_transport")
        for transport, label in TRANSPORTS.items():
            self.transport.addItem(label, transport.value)
        self.target = QLineEdit(objectName=f"{name}_target")
        self.target.setPlaceholderText("folder, nama printer, IP:port, atau berkas perangkat")
        form = QFormLayout(self)
        form.addRow("Keluaran", self.output)
        form.addRow("Kertas", self.paper)
        form.addRow("", self.cutter)
        form.addRow("Sambungan (ESC/POS)", self.transport)
        form.addRow("Tujuan", self.target)
        self.output.setCurrentIndex(max(0, self.output.findData(settings.output.value)))
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper.value)))
        self.cutter.setChecked(settings.cutter)
        self.transport.setCurrentIndex(max(0, self.transport.findData(settings.transport.value)))
        self.target.setText(settings.target)

    def settings(self) -> PrinterSettings:
        """The form as settings (ValidationError when they do not fit together)."""
        return PrinterSettings(Output(self.output.currentData()), Paper(self.paper.currentData()),
                               self.cutter.isChecked(), Transport(self.transport.currentData()),
                               self.target.text().strip())


class PrinterSettingsPanel(QWidget):
    """Saved in this PC's pc.json: another counter PC keeps its own printers."""

    def __init__(self) -> None:
        super().__init__()
        config = local_config.load()
        self.forms = {attr: _PrinterForm(title, papers, getattr(config, attr), attr)
                      for attr, title, papers in KINDS}
        save = QPushButton("Simpan printer komputer ini", objectName="savePrinters")
        self.message = MessageLine("printerMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>Printer komputer ini</b> (disimpan di "
                                f"{local_config.config_path()})"))
        for form in self.forms.values():
            layout.addWidget(form)
        layout.addWidget(save)
        layout.addWidget(self.message)
        save.clicked.connect(self.save)

    def save(self) -> None:
        """Check every form, then write pc.json once."""
        def save() -> str:
            chosen = {attr: form.settings() for attr, form in self.forms.items()}
            local_config.save(replace(local_config.load(),
                                      ticket_printer=chosen["ticket_printer"],
                                      slip_printer=chosen["slip_printer"],
                                      letter_printer=chosen["letter_printer"]))
            return "Printer disimpan untuk komputer ini."

        self.message.attempt(save)
