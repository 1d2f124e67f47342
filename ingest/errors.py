"""The two kinds of failure caselog tells apart.

A `CaselogError` is the user's mistake or the input's fault (a wrong case file, an OUTDIR that is not
empty): the CLI prints its one line and exits, never a traceback. Anything else is a bug in caselog.
"""


class CaselogError(Exception):
    """A problem the user can fix; the message is one line naming the file, the place and the fix."""


class RecordError(ValueError):
    """One record cannot be read; the parser reports it to `Problems` and goes on."""


class SourceError(Exception):
    """A whole source is not what `identify` promised; its parser stops and the run goes on."""
