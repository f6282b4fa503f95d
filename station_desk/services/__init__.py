"""Use cases. One public method is one unit of work; every method acts for a `Principal`."""
