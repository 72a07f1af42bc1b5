"""Readings and the people who read them: lessons split into sections and sentences, teacher
notes and claim labels, classrooms, enrolments and assignments, and the reading pages.

The bottom layer: lessons imports no other app. Apps above it add to its pages through
``lessons.extensions`` (hooks named in ``settings.ASSIGNMENT_EXTENSIONS``); the shared
rules every app uses live here too: ``refusals`` (how the domain says no), ``locking``
(serialised writes and double submits), ``params`` (ids in request text), ``roles``.
"""
