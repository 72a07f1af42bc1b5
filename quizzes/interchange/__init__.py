"""Question interchange formats (GIFT)."""
