"""OpenDocument and legacy files (``.odt``, ``.ods``, ``.doc``, ``.xls``, ``.rtf``) through LibreOffice.

:func:`converted` converts the file with ``soffice --headless --convert-to``
into a temporary folder, with its own throw-away user profile (so a running
LibreOffice or a parallel conversion never shares one), within
:data:`TIMEOUT` seconds; the caller reads the result with the Word or Excel
reader and the document keeps the original file's path and format. Without
``soffice`` on PATH, one line names the file and the missing program.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from plantables.extract.model import ExtractError

#: seconds a conversion may take
TIMEOUT = 120
#: the format each source kind is converted to
TARGET = {"odt": "docx", "doc": "docx", "rtf": "docx", "ods": "xlsx", "xls": "xlsx"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def converted(path: str, kind: str) -> Iterator[str]:
    """The path of ``path`` converted to ``TARGET[kind]`` (deleted on exit)."""
    exe = soffice()
    if exe is None:
        raise ExtractError(path, f"is a .{kind} file: reading it needs LibreOffice (soffice), "
                                 "which is not installed (Debian: apt-get install libreoffice-writer libreoffice-calc)")
    target = TARGET[kind]
    with tempfile.TemporaryDirectory(prefix="plantables-soffice-") as tmp:
        # a neutral name: the file's own may hold characters soffice treats specially
        src = Path(tmp) / f"source.{kind}"
        os.symlink(os.path.abspath(path), src)
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ExtractError(path, f"LibreOffice did not convert this .{kind} file within {TIMEOUT} s "
                                     "(password-protected or damaged?)") from None
        out = Path(tmp) / "out" / f"source.{target}"
        if proc.returncode != 0 or not out.exists():
            why = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            raise ExtractError(path, f"LibreOffice could not convert this .{kind} file to .{target}"
                                     + (f" ({why[-1]})" if why else " (password-protected or damaged?)"))
        yield str(out)
