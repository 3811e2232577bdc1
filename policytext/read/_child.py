"""A spawned reader child: ``python -m policytext.read._child`` (see :mod:`policytext.read.limits`).

It reads one pickled request from stdin — sent by the parent process over a
pipe — does the work under the request's limits and writes the pickled result
to stdout.
"""

import sys

from .limits import serve_spawned

serve_spawned(sys.stdin.buffer, sys.stdout.buffer)
