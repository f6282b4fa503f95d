"""The station view (派出所汇总): rooms, conflicts, the combined registers."""
