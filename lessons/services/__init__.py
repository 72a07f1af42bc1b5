"""Writes of the lessons app, one module per concern.

Every service is keyword-only, atomic, and refuses with a ``ValidationError`` carrying a
code (the code is what callers and tests look at).

- ``classes``: creating a classroom, joining one by code, giving it a new join code
  (and the generator that never hands out a taken code);
- ``progress``: a student marking a section read;
- ``lesson_import``: an article's text becoming a lesson, its sections and sentences;
- ``text_edits``: editing a lesson's text after import: re-splitting a section body
  (sentences keep their identity, referenced ones are protected) and moving a paragraph
  between the text and the author bio;
- ``assignments``: the rules of assigning a lesson to a class, and assigning it;
- ``rosters``: creating and enrolling the students a roster CSV lists.
"""
