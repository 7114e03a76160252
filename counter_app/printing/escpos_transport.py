"""Sending raw ESC/POS bytes to a thermal printer; every failure becomes a PrinterError.

Raw USB on Windows is deliberately not offered: it needs the vendor driver replaced.
A Windows USB printer is reached through its printer queue (raw datatype) instead.
"""

from __future__ import annotations

import platform
import socket
import subprocess
from pathlib import Path

from counter_app.domain.errors import PrinterError
from counter_app.printing.paper import Transport

DEFAULT_PORT = 9100
TIMEOUT_S = 5.0
# DLE EOT 4: "paper roll sensor status". Bits 5 and 6 set mean the paper has run out.
_PAPER_STATUS = b"\x10\x04\x04"
_PAPER_END = 0x60


def send(data: bytes, transport: Transport, target: str) -> None:
    """Deliver ``data`` to the printer named by ``target``; PrinterError on any failure."""
    target = target.strip()
    if transport is Transport.NETWORK:
        _send_network(data, target)
    elif transport is Transport.CUPS:
        _send_cups(data, target)
    elif transport is Transport.WINDOWS:
        _send_windows(data, target)
    else:
        _send_file(data, target)


def _split_host(target: str) -> tuple[str, int]:
    host, _, port = target.rpartition(":") if ":" in target else (target, "", "")
    try:
        return host, int(port) if port else DEFAULT_PORT
    except ValueError:
        raise PrinterError(f"Alamat printer '{target}' tidak sah; tulis host atau host:port.") \
            from None


def _send_network(data: bytes, target: str) -> None:
    host, port = _split_host(target)
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT_S) as conn:
            if _paper_out(conn):
                raise PrinterError(
                    f"Kertas printer {host} habis. Ganti gulungan kertas lalu cetak ulang."
                )
            conn.sendall(data)
    except PrinterError:
        raise
    except TimeoutError:
        raise PrinterError(f"Printer {host}:{port} tidak menjawab (mati atau kabel lepas). "
                           "Periksa printer lalu cetak ulang.") from None
    except OSError as exc:
        raise PrinterError(f"Printer {host}:{port} tidak dapat dihubungi ({exc.strerror or exc})."
                           " Periksa printer lalu cetak ulang.") from None


def _paper_out(conn: socket.socket) -> bool:
    """Ask the printer for its paper sensor; printers that do not answer are assumed ready."""
    conn.sendall(_PAPER_STATUS)
    conn.settimeout(0.5)
    try:
        reply = conn.recv(1)
    except TimeoutError:
        return False
    finally:
        conn.settimeout(TIMEOUT_S)
    return bool(reply) and (reply[0] & _PAPER_END) == _PAPER_END


def _send_cups(data: bytes, queue: str) -> None:
    command = ["lp", "-o", "raw", *(["-d", queue] if queue else [])]
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=30,
                                check=False)
    except FileNotFoundError:
        raise PrinterError("Perintah 'lp' (CUPS) tidak ada di komputer ini.") from None
    except subprocess.TimeoutExpired:
        raise PrinterError(f"Antrean printer '{queue}' tidak menjawab.") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip()[:200]
        raise PrinterError(f"Printer '{queue}' menolak cetakan: {reason}")


def _send_windows(data: bytes, name: str) -> None:  # pragma: no cover - Windows only
    if platform.system() != "Windows":
        raise PrinterError("Antrean printer Windows hanya ada di Windows.")
    import win32print

    try:
        handle = win32print.OpenPrinter(name)
    except Exception as exc:
        raise PrinterError(f"Printer Windows '{name}' tidak ditemukan ({exc}).") from None
    try:
        win32print.StartDocPrinter(handle, 1, ("Loket KTP-el", None, "RAW"))
        try:
            win32print.StartPagePrinter(handle)
            win32print.WritePrinter(handle, data)
            win32print.EndPagePrinter(handle)
        finally:
            win32print.EndDocPrinter(handle)
    except Exception as exc:
        raise PrinterError(f"Printer Windows '{name}' gagal mencetak ({exc}).") from None
    finally:
        win32print.ClosePrinter(handle)


def _send_file(data: bytes, path: str) -> None:
    if not path:
        raise PrinterError("Berkas atau perangkat printer belum diatur.")
    try:
        with Path(path).open("ab") as handle:
            handle.write(data)
    except OSError as exc:
        raise PrinterError(f"Tidak dapat menulis ke printer {path} ({exc.strerror}).") from None
