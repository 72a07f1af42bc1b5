"""Views of the lessons app, one module per area: classes, reading, discussion."""
