"""The heat map on the teacher's reading view (quizzes/heatmap.py through lessons' seam).

Per sentence, of the students who answered a question showing it (their latest submitted
attempt), the share who flagged it and who missed it, as a shade plus the numbers in text,
for an assignment of a class the teacher teaches. Query counts pinned and equal for a class
of 30 and of 300.
"""

import pytest
from django.urls import reverse

from lessons.extensions import SentenceHeat
from quizzes.heatmap import assignment_sentence_heat
from tests.factories import AssignmentFactory, ClassroomFactory, TeacherFactory
from tests.helpers import get_ok, signed_in
from tests.quizzes.skills_helpers import class_that_answered

pytestmark = pytest.mark.django_db


def heat_url(answered, assignment=None) -> str:
    url = reverse("lessons:teacher_reading", args=[answered.lesson.pk])
    return f"{url}?assignment={(assignment or answered.assignment).pk}"


def test_each_sentence_gets_flagged_and_missed_among_the_students_who_answered_on_it():
    answered = class_that_answered(10, attempts_each=2)  # the latest attempt counts
    heat = assignment_sentence_heat(assignment=answered.assignment).sentences
    s1, s2, s3, s4, s5 = (s.pk for s in answered.sentences)
    assert heat[s2] == SentenceHeat(answered=10, flagged=10, should_flag=True)
    assert (heat[s2].missed, heat[s2].level) == (0, 0)
    assert heat[s3] == SentenceHeat(answered=10, flagged=5, should_flag=True)
    assert (heat[s3].missed_percent, heat[s3].wrong_percent, heat[s3].level) == (50, 50, 3)
    assert heat[s5].missed == 10 and heat[s5].level == 4  # the vague one: nobody caught it
    assert heat[s1] == SentenceHeat(answered=10, flagged=2, should_flag=False)
    assert (heat[s1].missed, heat[s1].wrong_percent, heat[s1].level) == (None, 20, 1)
    assert heat[s4].contested and heat[s4].wrong_percent is None and heat[s4].level == 0


def test_the_teacher_reading_view_shades_sentences_and_writes_the_numbers():
    answered = class_that_answered(10)
    html = get_ok(signed_in(answered.teacher), heat_url(answered)).content.decode()
    s2, s3 = answered.sentences[1], answered.sentences[2]
    assert f'cw-heat cw-heat--3" id="s-{s3.pk}"' in html
    assert "50% flagged · 50% missed" in html
    assert f'cw-heat cw-heat--0" id="s-{s2.pk}"' in html
    assert "100% flagged · 0% missed" in html
    assert "20% flagged (false alarms)" in html
    assert "% flagged · judgement call" in html
    assert 'data-testid="heat-key"' in html and "10 students with a submitted answer" in html
    assert f'<option value="{answered.assignment.pk}" selected>' in html


def test_without_a_chosen_class_there_is_no_heat_but_a_choice():
    answered = class_that_answered(2)
    url = reverse("lessons:teacher_reading", args=[answered.lesson.pk])
    html = get_ok(signed_in(answered.teacher), url).content.decode()
    assert "cw-heat--" not in html.replace("cw-heat cw-heat--0 cw-heat-swatch", "")
    assert f'<option value="{answered.assignment.pk}">' in html


def test_only_assignments_of_classes_the_teacher_teaches_can_be_chosen():
    answered = class_that_answered(2)
    other = AssignmentFactory(lesson=answered.lesson, classroom=ClassroomFactory())
    teacher = signed_in(answered.teacher)
    assert teacher.get(heat_url(answered, other)).status_code == 404
    assert signed_in(TeacherFactory()).get(heat_url(answered)).status_code == 404
    garbled = reverse("lessons:teacher_reading", args=[answered.lesson.pk]) + "?assignment=x1"
    assert teacher.get(garbled).status_code == 400
    assert signed_in(answered.students[0]).get(heat_url(answered)).status_code == 403


def test_heat_map_queries_are_the_same_for_30_and_300_students(
    query_count, django_assert_num_queries
):
    small, large = class_that_answered(30), class_that_answered(300)
    small_client, large_client = signed_in(small.teacher), signed_in(large.teacher)
    assert query_count(get_ok, small_client, heat_url(small)) == query_count(
        get_ok, large_client, heat_url(large)
    )
    # Session, user, teacher group, lesson, the assignments offered, the answers, the
    # picks, the passages' labels, sections, sentences with labels, notes, legend.
    with django_assert_num_queries(12):
        html = get_ok(large_client, heat_url(large)).content.decode()
    assert "300 students with a submitted answer" in html
    with django_assert_num_queries(3):
        assignment_sentence_heat(assignment=large.assignment)
