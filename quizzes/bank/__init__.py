"""The question bank: categories, questions and their versions, the editor, the trainer's preview."""
