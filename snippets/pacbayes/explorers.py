"""What the PAC-Bayes chapter's explorer computes at each point of its grid (sitebuild/explorers.py)."""

from snippets._domains import AtLeast, NonNegative, Probability, checked
from snippets.pacbayes.bounds import catoni_bound, maurer_kl_bound, mcallester_bound

DELTA, C = 0.05, 2.0  # confidence 1 - δ = 95%; Catoni's C fixed before seeing the data


@checked
def bounds_at(kl: NonNegative, m: AtLeast(8), emp_risk: Probability):
    """The chapter's three bounds on the risk R(Q) at one point (KL(Q||P) in nats, m examples,
    empirical risk R_hat(Q)), at δ = 0.05: McAllester's, Maurer's kl form and Catoni's with C = 2.
    Each is returned as computed; a value of 1 or more says nothing (the bound is vacuous)."""
    return {
        "mcallester": mcallester_bound(emp_risk, kl, m, DELTA),
        "maurer_kl": maurer_kl_bound(emp_risk, kl, m, DELTA),
        "catoni": catoni_bound(emp_risk, kl, m, DELTA, C),
    }
