"""A page module no test imports: the main window imports it ahead of a visit
(`test_page_modules_are_imported_ahead_after_the_first_paint`)."""


class ProbePage:
    """Never built."""
