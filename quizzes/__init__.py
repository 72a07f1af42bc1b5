"""Questions about lessons and students' answers to them: quizzes, attempts, grading,
the review policy, the teacher's results (``quizzes.results``), statistics, and question
interchange (``quizzes.interchange``: Moodle GIFT).

Depends on lessons, and reads the discussion only through ``discussions.participation``.
"""
