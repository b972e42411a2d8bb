"""The month playback (``playback.frames``) as an MP4 video or an animated GIF.

The MP4 is H.264 in yuv420p with its index at the front (``faststart``), 30 frames a second: what browsers, phones
and the social networks play. It is made by ffmpeg as the PyPI package imageio-ffmpeg ships it (a static build
with libx264), so ``make run`` needs nothing from the system (README, "Dependencies"). The GIF is made by Pillow,
every frame on one palette made from the closing frame (it holds every colour the others use), undithered: flat
colours stay flat and small.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from ..errors import ExportError
from .common import Export
from .playback import frames

FPS = 30  # the MP4's frames a second: what every player and network takes (some refuse fewer); 15 a tick
TICK = 0.5  # seconds: every step lasts a whole number of these (playback.STEP_SECONDS, END_SECONDS)
ENCODE_SECONDS = 120  # at most, for ffmpeg: a stuck encoder must not hold a download for ever


def ffmpeg() -> str:
    """The ffmpeg that imageio-ffmpeg ships."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def mp4_bytes(export: Export) -> bytes:
    """The playback as an H.264 MP4 (yuv420p, faststart), each frame held for its seconds."""
    pictures = frames(export)
    height, width = pictures[0][0].shape[:2]
    with tempfile.TemporaryDirectory(prefix="reisatlas-video-") as folder:
        out = Path(folder) / "playback.mp4"
        command = [
            ffmpeg(),
            *("-hide_banner", "-loglevel", "error", "-nostdin"),
            *("-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(1 / TICK)),
            *("-i", "pipe:0"),
            *("-vf", f"fps={FPS},format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage"),
            *("-crf", "20", "-profile:v", "high", "-level:v", "4.0", "-g", str(2 * FPS)),
            *("-movflags", "+faststart", "-an", "-y", str(out)),
        ]
        # Each picture as many ticks as it lasts (ffmpeg repeats it, FPS frames a second), written as it goes.
        try:
            encoder = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as err:
            raise ExportError.said("error_video", reason=str(err)) from err
        try:
            for picture, seconds in pictures:
                data = picture.tobytes()
                for _ in range(round(seconds / TICK)):
                    encoder.stdin.write(data)
            encoder.stdin.close()
            encoder.wait(timeout=ENCODE_SECONDS)
        except (OSError, subprocess.TimeoutExpired):  # the encoder stopped reading, or took too long: its words say why
            encoder.kill()
            encoder.wait()
        said = encoder.stderr.read().decode("utf-8", "replace").strip()
        encoder.stderr.close()
        if encoder.returncode != 0 or not out.exists():
            raise ExportError.said("error_video", reason=(said.splitlines() or [f"exit {encoder.returncode}"])[-1])
        return out.read_bytes()


def gif_bytes(export: Export) -> bytes:
    """The playback as an animated GIF that loops, each frame held for its seconds."""
    pictures = frames(export)
    palette = Image.fromarray(pictures[-1][0]).quantize(256, method=Image.Quantize.MEDIANCUT)
    images = [
        Image.fromarray(np.ascontiguousarray(picture)).quantize(palette=palette, dither=Image.Dither.NONE)
        for picture, _ in pictures
    ]
    out = io.BytesIO()
    images[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=[round(seconds * 1000) for _, seconds in pictures],
        loop=0,
        optimize=False,
    )
    return out.getvalue()
