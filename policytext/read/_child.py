"""The reading server: ``python -m policytext.read._child`` (see :mod:`policytext.read.limits`).

It reads pickled requests from stdin — sent by the parent process over a pipe —
one after another, forks a child that does each under the request's limits, and
writes the frames of the outcome to stdout, until stdin ends.
"""

import sys

from .limits import serve_spawned

serve_spawned(sys.stdin.buffer, sys.stdout.buffer)
