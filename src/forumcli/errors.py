"""The errors forumcli's core raises for a user to read: each names the file and, where
known, the line. The command line prints them as one line and exits 1."""

from __future__ import annotations


class LocatedError(Exception):
    """A problem with a named file, at a line where one is known."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # raised in a worker process, raised again in the parent
        return (type(self), (self.source, self.message, self.line))


class InputError(LocatedError):
    """Input that cannot be read."""


class OutputError(LocatedError):
    """Output that cannot be written."""


class Terminated(BaseException):
    """The process was asked to end (SIGTERM). Like KeyboardInterrupt it is no error of
    the code, so ``except Exception`` lets it through to the command line (exit 143)."""
