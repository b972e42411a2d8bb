"""Where a site is written: a new folder beside ``--out``, filled, then swapped in whole.

``--out`` becomes a symbolic link to the folder of the latest site (``.NAME-XXXX`` beside it); a new site is
written to a new folder and the link is replaced by one ``os.replace`` (an atomic rename), so a web server serving
``--out`` sees the old site or the new one, never half of one. The folder of the site before is then removed.
An ``--out`` that is not an earlier site (no ``reisatlas-site.json``) is refused unless ``force``; an empty
folder counts as new.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from ..errors import SiteError

MARK = "reisatlas-site.json"  # what makes a folder an earlier site


def is_site(path: Path) -> bool:
    return (path / MARK).is_file()


def check_out(out: Path, force: bool) -> None:
    """Raise SiteError when ``out`` holds something that is not an earlier site and ``force`` is not given."""
    if force or not (out.exists() or out.is_symlink()):
        return
    if out.is_dir() and (is_site(out) or not any(out.iterdir())):
        return
    raise SiteError.said("error_site_not_a_site", path=str(out))


@contextmanager
def new_site(out: str | Path, force: bool = False):
    """A new, empty folder to write the site into (yielded), swapped in at ``out`` when the block ends without
    error; on an error it is removed and ``out`` stays as it was."""
    out = Path(out).absolute()
    check_out(out, force)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as err:
        raise SiteError.said("error_site_cannot_write", path=str(out), reason=err.strerror or err) from err
    try:
        os.chmod(folder, 0o755)  # a web server's user reads it
        yield folder
        _swap(folder, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _swap(folder: Path, out: Path) -> None:
    """Point ``out`` at ``folder`` in one rename, and remove what ``out`` was before."""
    before = None
    if out.is_symlink():
        before = out.parent / os.readlink(out)
    elif out.exists():  # a real folder (an empty one, an older kind of site, or forced): moved aside first
        before = out.parent / f".{out.name}-before-{os.getpid()}"
        os.replace(out, before)
    link = out.parent / f".{out.name}-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    try:
        os.symlink(folder.name, link)
        os.replace(link, out)
    except OSError as err:
        link.unlink(missing_ok=True)
        raise SiteError.said("error_site_cannot_write", path=str(out), reason=err.strerror or err) from err
    # Only a folder of ours goes: a link someone made to a folder elsewhere leaves that folder alone.
    ours = before is not None and before.parent == out.parent and before.name.startswith(f".{out.name}-")
    if ours and before.resolve() != folder.resolve():
        shutil.rmtree(before, ignore_errors=True)
