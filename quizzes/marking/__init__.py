"""Trainers' marking: the essay grading queue, regrades, a quiz's results and attempt details."""
