"""The interactive questionnaire: questions as data, the session (autosave, resume), prompts."""
