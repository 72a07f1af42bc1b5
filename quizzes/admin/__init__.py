"""The quizzes app in the Django admin, one module per area.

* :mod:`.quizzes` — quizzes: settings, their questions inline, publishing, and generating
  questions from claim labels;
* :mod:`.questions` — a question with its choices, kind-aware, with its spot-the-claim key;
* :mod:`.attempts` — students' attempts and responses, read-only, and an assignment's
  results table;
* :mod:`.forms` — the forms and positioned inlines those pages use.

Django's autodiscovery imports this package only; importing the modules below is what
registers their admins.
"""

from quizzes.admin import attempts, questions, quizzes  # noqa: F401
