"""The patrol roster screens (巡逻排班): week grid, shifts, patterns, attendance."""
