"""Views of the lessons app, one module per area: classes (dashboards, joining and creating
a class) and reading."""
