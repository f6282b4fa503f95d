"""The volunteer screens (群防群治队伍): list, editor, teams, roster-file import."""
