"""System checks of the lessons app: the extension setting names real hooks.

A typo in ``settings.ASSIGNMENT_EXTENSIONS`` would otherwise show up as a quiz or a
discussion silently missing from every dashboard.
"""

import inspect
from importlib import import_module

from django.conf import settings
from django.core import checks

from lessons.extensions import HOOKS


@checks.register()
def check_assignment_extensions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Each named module imports and defines at least one hook, each hook taking its keywords."""
    errors: list[checks.CheckMessage] = []
    for dotted in getattr(settings, "ASSIGNMENT_EXTENSIONS", ()):
        try:
            module = import_module(dotted)
        except ImportError as error:
            errors.append(
                checks.Error(
                    f"ASSIGNMENT_EXTENSIONS names {dotted!r}, which cannot be imported: {error}",
                    id="lessons.E001",
                )
            )
            continue
        found = [name for name in HOOKS if hasattr(module, name)]
        if not found:
            errors.append(
                checks.Error(
                    f"{dotted} defines none of the extension hooks ({', '.join(HOOKS)}).",
                    hint="See lessons/extensions.py for what a hook receives and returns.",
                    id="lessons.E002",
                )
            )
        for name in found:
            hook = getattr(module, name)
            try:
                parameters = inspect.signature(hook).parameters
            except (TypeError, ValueError):
                parameters = None
            if parameters is None or not set(HOOKS[name]) <= set(parameters):
                errors.append(
                    checks.Error(
                        f"{dotted}.{name} must be a function taking the keyword arguments "
                        f"{', '.join(HOOKS[name])}.",
                        id="lessons.E003",
                    )
                )
    return errors
