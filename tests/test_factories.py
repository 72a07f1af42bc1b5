"""The factories keep related objects consistent: whoever acts in a class belongs to it."""

import pytest

from lessons.models import Enrollment
from tests.factories import (
    AssignmentFactory,
    AttemptFactory,
    ClassroomFactory,
    PostFactory,
    ResponseFactory,
    StudentFactory,
    TeacherFactory,
    ThreadFactory,
    enrolled_student,
    graded_attempt,
    quiz_with_questions,
)

pytestmark = pytest.mark.django_db


def enrolled(user, classroom) -> bool:
    return Enrollment.objects.filter(classroom=classroom, student=user).exists()


def test_a_thread_is_started_by_a_member_of_its_class():
    thread = ThreadFactory()
    assert enrolled(thread.author, thread.assignment.classroom)


def test_a_post_is_written_by_a_member_of_its_class():
    post = PostFactory()
    classroom = post.thread.assignment.classroom
    assert post.author != post.thread.author
    assert enrolled(post.author, classroom)
    assert enrolled(post.thread.author, classroom)


def test_an_attempt_is_made_by_a_member_of_its_class():
    attempt = AttemptFactory()
    assert enrolled(attempt.student, attempt.assignment.classroom)
    response = ResponseFactory()
    assert enrolled(response.attempt.student, response.attempt.assignment.classroom)


def test_a_student_passed_in_is_enrolled_in_the_class_they_act_in():
    student = StudentFactory()
    assignment = AssignmentFactory()
    other = AssignmentFactory()
    ThreadFactory(assignment=assignment, author=student)
    PostFactory(thread=ThreadFactory(assignment=other), author=student)
    assert enrolled(student, assignment.classroom)
    assert enrolled(student, other.classroom)


def test_a_student_already_in_the_class_is_enrolled_once():
    assignment = AssignmentFactory()
    student = enrolled_student(assignment.classroom)
    thread = ThreadFactory(assignment=assignment, author=student)
    PostFactory(thread=thread, author=student, is_opening=True)
    PostFactory(thread=thread, author=student)
    quiz = quiz_with_questions(lesson=assignment.lesson, questions=1)
    AttemptFactory(assignment=assignment, quiz=quiz, student=student)
    graded_attempt(assignment=assignment, quiz=quiz, student=student, points={})
    assert Enrollment.objects.filter(student=student).count() == 1


def test_a_teacher_of_the_class_is_never_enrolled_in_it():
    teacher = TeacherFactory()
    assignment = AssignmentFactory(classroom=ClassroomFactory(teachers=[teacher]))
    thread = ThreadFactory(assignment=assignment, author=teacher)
    PostFactory(thread=thread, author=teacher, is_opening=True)
    AttemptFactory(assignment=assignment, student=teacher)
    assert not Enrollment.objects.filter(student=teacher).exists()
