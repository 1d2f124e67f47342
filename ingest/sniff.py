"""Content-based type detection with python-magic, and a plain message when libmagic is missing.

Exhibits are renamed (`AA_3__…`) and users rename exports, so the file name is never trusted; the
MIME type from the first bytes is a hint parsers combine with a look at the content itself.
"""

from __future__ import annotations

from caselog.errors import CaselogError

_INSTALL_HINT = ("python-magic cannot load the system libmagic library; install it with "
                 "'sudo apt-get install libmagic1' (macOS: 'brew install libmagic') and run again")


def _magic():
    try:
        import magic
    except ImportError as err:        # the package raises ImportError when libmagic.so is absent
        raise CaselogError(_INSTALL_HINT + f" ({err})") from None
    return magic


def check_libmagic() -> None:
    """Fail early, in one line, before any work, when identification cannot run."""
    _magic()


def mime_of(head: bytes) -> str:
    """The MIME type libmagic gives the first bytes of a file ('' for no bytes)."""
    if not head:
        return ""
    return _magic().from_buffer(head, mime=True)
