"""Factories for every model; related objects stay consistent."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from lessons.roles import TEACHERS_GROUP

PASSWORD = "password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save(update_fields=["password"])


class StudentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"student{n + 100}")


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n + 100}")
    is_staff = True

    @factory.post_generation
    def teachers_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
            self.groups.add(group)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Lesson"

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    author = "A. Writer"
    status = "published"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Section"

    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(lambda n: n + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "First sentence here. Second sentence here."


class SentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Sentence"

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Sentence number {n} makes a claim.")


class ClaimLabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.ClaimLabel"

    sentence = factory.SubFactory(SentenceFactory)
    verdict = "unsupported"
    explanation = "No evidence is given for this."


class TeacherNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.TeacherNote"

    section = factory.SubFactory(SectionFactory)
    kind = "context"
    body = "Private context for the teacher."


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Classroom"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Class {n}")

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.add(*extracted)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Enrollment"

    classroom = factory.SubFactory(ClassroomFactory)
    student = factory.SubFactory(StudentFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Assignment"

    lesson = factory.SubFactory(LessonFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyAttribute(lambda a: a.opens_at + timedelta(days=8))


def lesson_with_sections(*, sections: int = 3, sentences_per_section: int = 3, **lesson_kwargs):
    """A published lesson with numbered sections and sentences (bodies match sentences)."""
    lesson = LessonFactory(**lesson_kwargs)
    for s in range(1, sections + 1):
        texts = [
            f"Sentence {n} of section {s} says something."
            for n in range(1, sentences_per_section + 1)
        ]
        section = SectionFactory(
            lesson=lesson, position=s, heading=f"Part {s}", body=" ".join(texts)
        )
        for n, text in enumerate(texts, start=1):
            SentenceFactory(section=section, position=n, text=text)
    return lesson


def enrolled_student(classroom, **kwargs):
    """A student enrolled in the classroom."""
    student = StudentFactory(**kwargs)
    EnrollmentFactory(classroom=classroom, student=student)
    return student
