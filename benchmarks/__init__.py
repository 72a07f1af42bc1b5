"""Benchmarks kept apart from the tests: run each as `python -m benchmarks.<name>`."""
