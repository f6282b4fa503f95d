"""The duty log screens (勤务日志): entries, room hours, the duty report."""
