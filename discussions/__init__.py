"""The class discussion of an assignment: threads anchored to the text, replies, moderation.

Depends on lessons only; adds itself to the lessons pages through ``discussions.extension``
and offers one public selector to other apps, ``discussions.participation``.
"""
