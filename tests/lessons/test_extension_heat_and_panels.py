"""lessons shows a heat map and dashboard panels from any extension (lessons/extensions.py).

This module is itself the extension the tests name in ``ASSIGNMENT_EXTENSIONS``: lessons
reaches quizzes' heat map and skill profile only through these two hooks.
"""

import pytest
from django.urls import reverse

from lessons.extensions import HeatMap, Panel, SentenceHeat
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    EnrollmentFactory,
    lesson_with_sections,
)
from tests.helpers import get_ok, signed_in

pytestmark = pytest.mark.django_db

EXTENSION = "tests.lessons.test_extension_heat_and_panels"


def reading_heat(*, assignment, viewer):
    first = assignment.lesson.sections.get(position=1).sentences.order_by("position")
    one, two = first[0], first[1]
    return HeatMap(
        title=f"Made up for {assignment.classroom.name}",
        students=4,
        sentences={
            one.pk: SentenceHeat(answered=4, flagged=1, should_flag=True),
            two.pk: SentenceHeat(answered=4, flagged=2, should_flag=False),
        },
    )


def student_panels(*, student):
    return [Panel(title="A panel", template="lessons/_test_panel.html", context={"n": 3})]


def test_sentence_heat_shares_and_shades():
    missed = SentenceHeat(answered=4, flagged=1, should_flag=True)
    assert (missed.missed, missed.missed_percent, missed.wrong_percent, missed.level) == (
        3,
        75,
        75,
        4,
    )
    alarm = SentenceHeat(answered=4, flagged=2, should_flag=False)
    assert (alarm.missed, alarm.wrong_percent, alarm.level) == (None, 50, 3)
    judgement = SentenceHeat(answered=4, flagged=2, should_flag=True, contested=True)
    assert (judgement.missed, judgement.wrong_percent, judgement.level) == (None, None, 0)
    assert SentenceHeat(answered=0, flagged=0, should_flag=True).flagged_percent is None


def test_the_teacher_reading_view_lays_an_extensions_heat_over_the_text(teacher, settings):
    settings.ASSIGNMENT_EXTENSIONS = [EXTENSION]
    lesson = lesson_with_sections(sections=2)
    assignment = AssignmentFactory(lesson=lesson, classroom=ClassroomFactory(teachers=[teacher]))
    url = reverse("lessons:teacher_reading", args=[lesson.pk]) + f"?assignment={assignment.pk}"
    html = get_ok(signed_in(teacher), url).content.decode()
    assert "Made up for" in html and "4 students with a submitted answer" in html
    assert "25% flagged · 75% missed" in html and "cw-heat--4" in html
    assert "50% flagged (false alarms)" in html
    assert 'id="section-2"' in html  # the heat map shows the whole lesson


def test_the_student_dashboard_shows_an_extensions_panels(student, settings, tmp_path):
    settings.ASSIGNMENT_EXTENSIONS = [EXTENSION]
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "_test_panel.html").write_text(
        '<section data-testid="test-panel">{{ panel.title }}: {{ panel.context.n }}</section>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    EnrollmentFactory(student=student)
    html = get_ok(signed_in(student), reverse("lessons:dashboard")).content.decode()
    assert '<section data-testid="test-panel">A panel: 3</section>' in html
