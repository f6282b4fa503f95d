"""Ctrl+C during `station-desk export` or `backup` (cli/exchange.cancel_on_interrupt): the
first asks the running operation to stop (it cleans up and raises OperationCancelled), the
second interrupts at once; the previous handler is back afterwards."""

from __future__ import annotations

import os
import signal

import pytest

from station_desk.cli.exchange import cancel_on_interrupt


def test_the_first_ctrl_c_cancels_the_second_interrupts() -> None:
    before = signal.getsignal(signal.SIGINT)
    with cancel_on_interrupt() as cancelled:
        assert not cancelled()
        os.kill(os.getpid(), signal.SIGINT)
        assert cancelled()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before
