"""The engine: pure functions on validated models, no I/O.

report (one person against one profile), matching (every profile from the same answers),
mobility (neighbouring jobs), comparison (two assessments: `webskills compare`), cohort (a group).
"""
