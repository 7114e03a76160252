"""Generate the announcement clips in resources/sounds with espeak-ng and sox.

    python tools/make_sounds.py

Each clip of counter_app.domain.queue.CLIP_TEXTS is spoken by espeak-ng's Indonesian
voice, trimmed of silence and converted to 22050 Hz mono 16-bit WAV, so the app can
join clips into one sentence without re-sampling. The chime is two sine tones.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from counter_app.domain.queue import CLIP_TEXTS

OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds"
FORMAT = ["-r", "22050", "-c", "1", "-b", "16"]


def speak(text: str, target: Path) -> None:
    """One clip: espeak-ng, then silence trimmed at both ends."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", "id", "-s", "140", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), *FORMAT, str(target), "silence", "1", "0.02", "0.5%",
                        "reverse", "silence", "1", "0.02", "0.5%", "reverse", "pad", "0",
                        "0.06"], check=True)


def chime(target: Path) -> None:
    """A two-tone "ding-dong" with a soft decay."""
    subprocess.run(["sox", "-n", *FORMAT, str(target), "synth", "0.45", "sine", "988",
                    "sine", "1976", "remix", "1-2", "fade", "0", "0.45", "0.4", ":",
                    "synth", "0.7", "sine", "784", "sine", "1568", "remix", "1-2", "fade",
                    "0", "0.7", "0.65", "vol", "0.6", "pad", "0", "0.25"], check=True)


def main() -> None:
    """Write every clip and the chime."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in CLIP_TEXTS.items():
        speak(text, OUT / f"{name}.wav")
    chime(OUT / "chime.wav")
    print(f"{len(CLIP_TEXTS) + 1} clips in {OUT}")


if __name__ == "__main__":
    main()
