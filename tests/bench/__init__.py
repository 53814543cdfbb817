"""Focus Table benchmark (make bench); see README.md."""
