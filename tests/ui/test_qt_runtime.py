"""The Qt binding the app runs on keeps Python's reference counts straight.

PySide6 6.12.0 on CPython 3.11 lost one reference to None on each of several common
calls; the waiting-room display makes thousands of them an hour and the interpreter then
aborts ("none_dealloc"). pyproject pins a release without the fault; this test fails if
one with it is installed.
"""

import sys

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel


def test_common_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("A-001")
        QCoreApplication.processEvents()
        QTimer.singleShot(0, label, label.clear)
    QCoreApplication.processEvents()
    # Other code may hold or release a few references meanwhile; a leak shows as
    # thousands (one or more per call).
    assert sys.getrefcount(None) - before > -200
