"""A class's skill profile, for its teacher: a table per student and a chart of the class.

What each student catches of each kind of problem, how often they flag sentences that
hold up, and how often their reasons name the problem (:mod:`quizzes.skills`), with a
server-rendered bar chart of the class as a whole beside a text table of the same
numbers. A fixed number of queries, whatever the class size.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from lessons.roles import require_teacher
from quizzes.charts import bar_chart_svg
from quizzes.skills import ClassSkillProfile, class_skill_profile


def class_skills_chart(profile: ClassSkillProfile) -> SafeString:
    """The class's catch rates, false alarms and right reasons as one bar chart (percent)."""
    return bar_chart_svg(
        title=f"Claim-checking skills of {profile.classroom.name}",
        bars=[(row.name, row.rate) for row in profile.total.rows],
        max_value=100,
        value_suffix="%",
        axis_label="Share of chances (%)",
        chart_id="class-skills-chart",
    )


@login_required
@require_GET
def class_skills(request: HttpRequest, classroom_id: int) -> HttpResponse:
    """The skill profile of a class the user teaches (404 for any other class)."""
    require_teacher(request.user)
    profile = class_skill_profile(classroom_id=classroom_id, user=request.user)
    return render(
        request,
        "quizzes/results/class_skills.html",
        {"profile": profile, "chart": class_skills_chart(profile)},
    )
