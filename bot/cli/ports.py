"""A port already in use: one plain sentence with the port and what to do, not a traceback."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

console = Console(stderr=True, highlight=False)


@contextmanager
def explained_port_clash(what: str, port: int | None, option: str = "--port") -> Iterator[None]:
    """Turn "address already in use" while `what` starts into advice naming the port, and
    the `option` that chooses another."""
    try:
        yield
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        other = (port or 8080) + 1
        console.print(f"Port {port} is already in use, so {what} cannot start. Another program "
                      f"(perhaps another copro) is using it: stop that, or choose another port, "
                      f"for example {option} {other}.", markup=False, soft_wrap=True)
        raise typer.Exit(2) from None
