"""Argument domains specific to snippets.scaling (private, not shown on the site)."""

from typing import Annotated

import torch

from snippets._domains import Domain, Integer
from snippets._torch import resolve_device


class TorchDevice(Domain):
    """None (CUDA when available, else the CPU), or a CPU or CUDA device as a str or torch.device;
    returned as a torch.device (``snippets._torch.resolve_device``)."""

    def check(self, name, value):
        try:
            return resolve_device(value)
        except ValueError as err:  # its messages start with "device"
            raise ValueError(name + str(err).removeprefix("device")) from None

    def bad_examples(self, valid):
        return [(0, "type"), (True, "type"), (b"cpu", "type"), ("tpu", "range"), ("meta", "range")]

    def strategy(self):
        from hypothesis import strategies as st

        return st.sampled_from([None, "cpu", torch.device("cpu")])


Device = Annotated[object, TorchDevice()]
Index = Annotated[int, Integer()]  # an index into a sequence (negative: from the end)
