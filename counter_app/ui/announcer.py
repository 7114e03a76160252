"""Spoken calls for the waiting room, built from short clips shipped with the app.

A chime, then "Nomor antrean A nol dua belas, silakan menuju loket dua".
Announcements wait their turn: a new call never cuts off the one being spoken, and
each says its own number. The clips are joined into one WAV per announcement, so the
sentence plays without gaps between files.
"""

from __future__ import annotations

import io
import logging
import tempfile
import wave
from collections import deque
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from counter_app.domain.queue import AnnouncementMode, announcement_clips

GAP_MS = 400  # a breath between two announcements
log = logging.getLogger(__name__)


def clip_path(name: str) -> Path:
    """The shipped WAV file of a clip."""
    return Path(str(resources.files("counter_app.resources").joinpath("sounds", f"{name}.wav")))


def build_announcement(prefix: str, seq: int, counter_number: int,
                       mode: AnnouncementMode) -> bytes | None:
    """One WAV for a call: the chime, then (in FULL mode) the sentence; None when silent."""
    if mode is AnnouncementMode.SILENT:
        return None
    names = ["chime"]
    if mode is AnnouncementMode.FULL:
        names += announcement_clips(prefix, seq, counter_number)
    return join_wavs([clip_path(name) for name in names])


def join_wavs(paths: Sequence[Path]) -> bytes:
    """Concatenate WAV files of one format into one WAV."""
    out = io.BytesIO()
    params = None
    with wave.open(out, "wb") as target:
        for path in paths:
            with wave.open(str(path), "rb") as source:
                if params is None:
                    params = source.getparams()
                    target.setparams(params)
                elif source.getparams()[:3] != params[:3]:
                    raise ValueError(f"{path.name} has another WAV format")
                target.writeframes(source.readframes(source.getnframes()))
    return out.getvalue()


def wav_duration_ms(data: bytes) -> int:
    """How long a WAV plays."""
    with wave.open(io.BytesIO(data), "rb") as source:
        return int(source.getnframes() * 1000 / source.getframerate())


class SoundSink(Protocol):
    """Something that plays a WAV file (tests pass a recorder)."""

    def play(self, path: Path) -> None:
        """Start playing ``path``; return at once."""


class AudioUnavailable(Exception):
    """This PC cannot play sound (no QtMultimedia, no audio device, a failing backend)."""


class QtSoundSink:
    """Plays WAV files through QtMultimedia's QSoundEffect.

    Raises ``AudioUnavailable`` when QtMultimedia cannot be loaded or the PC has no audio
    output; ``failed`` is called when the backend reports an error later.
    """

    def __init__(self, failed: Callable[[str], None] | None = None) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:  # a build of Qt without multimedia
            raise AudioUnavailable(f"QtMultimedia tidak tersedia ({exc})") from exc
        if QMediaDevices.defaultAudioOutput().isNull():
            raise AudioUnavailable("tidak ada perangkat suara")
        self._effect = QSoundEffect()
        self._failed = failed
        self._effect.statusChanged.connect(self._status_changed)

    def _status_changed(self) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        if self._effect.status() is QSoundEffect.Status.Error and self._failed is not None:
            self._failed("perangkat suara menolak memutar")

    def play(self, path: Path) -> None:
        """Play the file on the default audio output."""
        self._effect.setSource(QUrl.fromLocalFile(str(path)))
        self._effect.play()


class Announcer(QObject):
    """Plays announcements one after another, each to its end.

    Without sound (no audio device, QtMultimedia missing or failing) it goes on silently:
    ``audio_unavailable`` is emitted once with the reason, calls are still queued, timed
    and signalled, and nothing is raised into the display's poll loop.
    """

    started = Signal(str, int)  # ticket number, counter number
    idle = Signal()
    audio_unavailable = Signal(str)  # the reason, once

    def __init__(self, sink: SoundSink | None = None,
                 mode: AnnouncementMode = AnnouncementMode.FULL,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self._sink = sink
        self._queue: deque[tuple[str, str, int, int]] = deque()
        self._playing = False
        self._dir = tempfile.TemporaryDirectory(prefix="loket-suara-")
        self._count = 0
        self.silent_reason = ""  # why there is no sound, once that is known

    @property
    def pending(self) -> int:
        """Announcements waiting behind the one playing."""
        return len(self._queue)

    @property
    def playing(self) -> bool:
        """True while an announcement is being played."""
        return self._playing

    def announce(self, number: str, prefix: str, seq: int, counter_number: int) -> None:
        """Queue a call; it plays when the ones before it have finished."""
        self._queue.append((number, prefix, seq, counter_number))
        if not self._playing:
            self._play_next()

    def _play_next(self) -> None:
        if not self._queue:
            self._playing = False
            self.idle.emit()
            return
        number, prefix, seq, counter_number = self._queue.popleft()
        self._playing = True
        try:
            data = None if self.silent_reason else build_announcement(
                prefix, seq, counter_number, self.mode)
        except (OSError, EOFError, ValueError, wave.Error) as exc:  # a clip missing or broken
            self._go_silent(f"berkas suara rusak ({exc})")
            data = None
        self.started.emit(number, counter_number)
        if data is None:
            QTimer.singleShot(0, self._play_next)
            return
        self._count += 1
        path = Path(self._dir.name) / f"panggilan-{self._count % 8}.wav"
        try:
            path.write_bytes(data)
        except OSError as exc:
            self._go_silent(f"berkas suara tidak dapat ditulis ({exc.strerror})")
        else:
            self._play_sound(path)
        # The file's own length decides when the next one starts, audio device or not.
        QTimer.singleShot(wav_duration_ms(data) + GAP_MS, self._play_next)

    def _play_sound(self, path: Path) -> None:
        if self.silent_reason:
            return
        try:
            if self._sink is None:
                self._sink = QtSoundSink(failed=self._go_silent)
            self._sink.play(path)
        except Exception as exc:  # noqa: BLE001 - any audio failure means: carry on silently
            self._go_silent(str(exc) or type(exc).__name__)

    def _go_silent(self, reason: str) -> None:
        if self.silent_reason:
            return
        self.silent_reason = reason
        log.warning("Suara panggilan tidak tersedia: %s; layar berjalan tanpa suara.", reason)
        self.audio_unavailable.emit(reason)
