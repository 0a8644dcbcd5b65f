"""Reading, validating and writing files: YAML, data folders, answers, spreadsheets, atomic writes.

Every problem names its file and place (key, row, column); nothing here prints.
"""
