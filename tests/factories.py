"""Factories for every model; related objects stay consistent."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

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
