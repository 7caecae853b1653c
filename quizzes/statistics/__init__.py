"""Item analysis of a quiz (Moodle's quiz statistics report)."""
