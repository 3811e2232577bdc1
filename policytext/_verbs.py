"""Modules that are also verbs: ``policytext.compare(old, new)``, ``policytext.requirements(doc)``,
``policytext.instruments(doc)``.

Each of these names is both a module (``from policytext.compare import align`` keeps working)
and the action users expect at the top level.  A function of the same name in
``policytext/__init__.py`` would be replaced by the module as soon as anything imported it
(the import system sets the attribute), so the module itself is made callable: its class
becomes a :class:`types.ModuleType` subclass with a ``__call__`` (the documented way to give
a module behaviour, see the ``types.ModuleType`` and "customizing module attribute access"
sections of the Python data model).
"""

from __future__ import annotations

import sys
import types

__all__ = ["callable_module"]


class _VerbModule(types.ModuleType):
    """A module that, called, calls its verb function."""

    __verb__: str

    def __call__(self, *args, **kwargs):
        return getattr(self, self.__verb__)(*args, **kwargs)


def callable_module(name: str, verb: str) -> None:
    """Make the module ``name`` callable as its function ``verb``."""
    module = sys.modules[name]
    module.__class__ = _VerbModule
    module.__verb__ = verb
