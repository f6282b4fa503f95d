"""The meeting screens (会议): list, editor tabs, action items overview."""
