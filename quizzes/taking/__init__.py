"""Taking a quiz: attempts, the take page, its autosaving JSON API, reviews."""
