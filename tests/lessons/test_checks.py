"""The extension setting is checked at start-up: a typo fails loudly, not silently."""

import pytest
from django.test import override_settings

from lessons.checks import check_assignment_extensions


def codes() -> list[str]:
    return [message.id for message in check_assignment_extensions()]


def test_the_project_setting_passes():
    assert codes() == []


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (["discussions.no_such_module"], ["lessons.E001"]),
        (["lessons.params"], ["lessons.E002"]),  # a module without any hook
    ],
)
def test_a_wrong_extension_is_an_error(setting, expected):
    with override_settings(ASSIGNMENT_EXTENSIONS=setting):
        assert codes() == expected


def test_a_hook_with_the_wrong_keywords_is_an_error(tmp_path, monkeypatch):
    module = tmp_path / "broken_extension.py"
    module.write_text("def reading_tools(assignment):\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with override_settings(ASSIGNMENT_EXTENSIONS=["broken_extension"]):
        assert codes() == ["lessons.E003"]
