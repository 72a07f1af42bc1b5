"""The lessons admin, one module per area; importing this package registers them.

- ``library``: lessons, sections, sentences, claim labels and teacher notes, a library
  every teacher shares, with importing, re-splitting, the bio moves and "Assign to a
  class…";
- ``classes``: classrooms (join codes, roster uploads), enrolments and assignments,
  scoped to the classes the signed-in teacher teaches;
- ``users``: django.contrib.auth's User admin, extended so that a teacher's student
  autocomplete searches their own students only;
- ``filters``: the class and assignment list filters, for every app's admin;
- ``forms``: the forms of these pages;
- ``pages``: what the admin's extra pages share (their URLs, the one-form page).

Writes that carry rules go through ``lessons.services``.
"""

from lessons.admin import classes, library, users  # noqa: F401  (registers the admins)
