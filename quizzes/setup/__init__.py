"""Setting up a quiz: its settings and its question slots (fixed questions or random draws)."""
