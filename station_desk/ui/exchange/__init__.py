"""USB exchange screens: export, backup and their history."""
