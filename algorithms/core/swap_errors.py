"""Why a swap cannot be planned as asked (``swap.plan`` raises these; the algorithm tells the user why)."""


class SwapError(Exception):
    """The swap cannot be planned as asked; the caller tells the user why."""


class NoCandidatesError(SwapError):
    """The difference needs candidate land and no candidate layer was given."""

    def __init__(self, direction, need):
        super().__init__(direction, need)
        self.direction, self.need = direction, need


class HsfMissingError(SwapError):
    """High-standard farmland first, without the high-standard farmland layer."""


class PriorityNotNumberError(SwapError):
    """The priority of candidates at ``positions`` is not a number."""

    def __init__(self, positions):
        super().__init__(positions)
        self.positions = positions


class ShortageError(SwapError):
    """Not enough eligible candidate land: ``available`` m² of the ``need``.

    What the swap-in rules kept out, when they did: ``detached_m2`` of candidate land not connected to the
    line (``BalanceRule.allow_detached`` off) and ``outside_hsf_m2`` outside the high-standard farmland
    (``BalanceRule.hsf_required``); of swap-outs, ``protected_m2`` of protected candidate land
    (``Candidates.protected``, ``BalanceRule.allow_protected`` off); 0 where a rule did not apply or kept
    nothing out.
    """

    def __init__(self, direction, need, available, adjacent_first, detached_m2=0.0):
        super().__init__(direction, need, available, adjacent_first)
        self.direction, self.need, self.available, self.adjacent_first = direction, need, available, adjacent_first
        self.detached_m2 = detached_m2
        self.outside_hsf_m2 = 0.0
        self.protected_m2 = 0.0

    @property
    def missing(self):
        return self.need - self.available


class OverlappingLineError(SwapError):
    """Land leaving the line lies in more than one of its features (``features``: their positions);
    ``shared_m2``: the ground in common, measured once."""

    def __init__(self, features, shared_m2):
        super().__init__(features, shared_m2)
        self.features, self.shared_m2 = features, shared_m2
