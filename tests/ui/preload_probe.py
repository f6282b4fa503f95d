"""A module no test imports: the sign-in window's preparation imports it
(`test_the_main_window_is_prepared_in_slices_once_the_worker_has_loaded`)."""
