"""The teacher's results: who read and did what, how well, and what went wrong.

One feature under one name: URL namespace ``results``, URL prefix ``results/``, this
package, and templates in ``templates/quizzes/results/``.

* :mod:`.access` — what a teacher may open: permission-scoped getters (a superuser sees
  every class, a teacher the classes they teach, anybody else NotFound), the admin's
  querysets, and the ``?quiz=`` a page asks for.
* :mod:`.table` — an assignment's results table: one row per enrolled student, sorted.
* :mod:`.review` — one attempt reviewed by a teacher, answer beside key.
* :mod:`.statistics` — a quiz's per-question statistics and their charts.
* :mod:`.export` — the results and responses as CSV files.
* :mod:`.overrides` — a teacher's change to the points of one response.
* :mod:`.forms`, :mod:`.views`, :mod:`.urls` — the pages.

Each reader runs a fixed number of queries whatever the class size: rows are gathered
with one query per kind of thing (enrolments, reading progress, attempts, discussion
posts, responses, picks) and joined in Python. The arithmetic (grades, summaries, item
statistics) is done by the pure modules :mod:`quizzes.grading` and
:mod:`quizzes.statistics`; this package only gathers their inputs. The Django admin's
views of the same rows are in :mod:`quizzes.admin.attempts`.
"""
