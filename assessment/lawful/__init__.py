"""Elimination that holds up in a labour dispute (issue 18): outcomes, hiring conditions,
probation dates, a basis per decision, improvement plans and the evidence dossier."""
