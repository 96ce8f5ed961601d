"""Step 2 of Dziugaite & Roy (2017): optimize the PAC-Bayes bound over a Gaussian posterior.

Posterior Q = N(w, diag(s^2)) over the W weights of the network, s = exp(log_s) the posterior
standard deviations; prior P = N(w0, lam I), w0 the random initialization and lam = exp(log_lam)
the prior variance, lam chosen from the grid lam_j = c exp(-j / b), j = 1, 2, ... (a union bound).
The paper writes s for the posterior variances and parameterizes s = exp(2 xi), lam = exp(2 rho);
the authors' code (snn/core/network.py) uses log standard deviations, as here for s.
"""

import math

import torch
from tqdm import tqdm  # tqdm.auto would warn inside a notebook kernel without ipywidgets

from snippets._domains import (
    AtLeast,
    Bool,
    Count,
    Maybe,
    NonNegative,
    OneOf,
    OpenUnit,
    Positive,
    Seed,
    Within,
    checked,
)
from snippets._torch import Device, logistic_loss_bits
from snippets.dziugaite._common import Inputs, Labels, TensorLike
from snippets.dziugaite.network import IsMLP, _match_mlp

LOG_PI2_OVER_6 = math.log(math.pi**2 / 6.0)  # sum_{j>=1} 1/j^2 = pi^2/6 (Basel problem)


# --8<-- [start:kl_to_prior]
@checked
def kl_to_prior(
    w: TensorLike(shape=("W",), min_size=1, dtype=torch.float64),
    log_s: TensorLike(shape=("W",), dtype=torch.float64),
    w0: TensorLike(shape=("W",), dtype=torch.float64),
    log_lam: TensorLike(ndim=0, dtype=torch.float64),
):
    """KL(Q || P) for Q = N(w, diag(s^2)), s = exp(log_s), and P = N(w0, lam I), lam = exp(log_lam):

        KL = 1/2 [ (||s^2||_1 + ||w - w0||^2) / lam - W + W ln(lam) - 2 sum_i ln(s_i) ],

    W the number of weights (in nats). The paper's eq. in Sec. 3 ("KL(N(w,s) || N(w0, lam I)) =
    1/2 ((1/lam)||s||_1 + (1/lam)||w - w0||^2 + W ln lam - 1^T ln s - W)") with s there the
    variances; the same expression as KLdivTimes2 / 2 in the authors' code (snn/core/network.py).
    Differentiable: torch tensors keep their graph. Computed in float64; returns a 0-d tensor.
    """
    log_s, w0, log_lam = (t.to(w.device) for t in (log_s, w0, log_lam))
    return _kl(w, log_s, w0, log_lam)


def _kl(w, log_s, w0, log_lam):  # the formula, also used by relaxed_objective on checked tensors
    n = w.shape[0]
    lam = torch.exp(log_lam)
    spread = torch.exp(2.0 * log_s).sum() + ((w - w0) ** 2).sum()
    return 0.5 * (spread / lam - n + n * log_lam - 2.0 * log_s.sum())
# --8<-- [end:kl_to_prior]


# --8<-- [start:union_bound_term]
@checked
def union_bound_term(lam: Positive, b: Positive = 100, c: Positive = 0.1):
    """Price in nats of choosing the prior variance lam from the grid lam_j = c exp(-j/b), j >= 1:

        2 ln(b ln(c / lam)) + ln(pi^2 / 6)   ( = ln(pi^2 j^2 / 6) at lam = lam_j ).

    The PAC-Bayes bound for prior P_j is applied with confidence delta_j = 6 delta / (pi^2 j^2);
    the delta_j sum to delta (sum 1/j^2 = pi^2/6), so all grid points hold at once with probability
    1 - delta, and ln(1/delta_j) = ln(1/delta) + ln(pi^2 / 6) + 2 ln j. With j = b ln(c/lam) this is
    the "2 log(b log(c/lam))" of the paper's B_RE (Sec. 3, optimization objective), its
    ln(pi^2/6) sitting in the paper's ln(pi^2 m / (6 delta)). Source: Dziugaite & Roy (2017),
    Sec. 3; the authors' code snn/core/network.py (Bquad: factor1 = 2 ln b, factor2 =
    2 ln(ln c - ln lam), in ``evaluate_SNN_accuracy`` 2 ln j). Needs 0 < lam < c (j > 0); it is
    negative for j < 1, which no grid point has.
    """
    if lam >= c:
        raise ValueError(f"lam must be < c = {c} (grid points are c exp(-j/b), j >= 1), got {lam}")
    return 2.0 * math.log(b * math.log(c / lam)) + LOG_PI2_OVER_6
# --8<-- [end:union_bound_term]


# --8<-- [start:b_re]
@checked
def b_re(kl: NonNegative, lam: Positive, m: AtLeast(2), delta: OpenUnit, b: Positive = 100, c: Positive = 0.1):
    """The complexity term of Dziugaite & Roy's bound (Sec. 3, the B_RE of their objective):

        B_RE(w, s, lam) = [ KL(Q || P_lam) + 2 ln(b ln(c/lam)) + ln(pi^2 m / (6 delta)) ] / (m - 1),

    i.e. (KL + ``union_bound_term(lam, b, c)`` + ln(m / delta)) / (m - 1). With probability
    1 - delta over the m training examples, kl(e_hat(Q) || e(Q)) <= B_RE for every Q and every grid
    point lam_j: the PAC-Bayes theorem in the form of the paper's Sec. 2 (Langford & Seeger 2001,
    "Bounds for averaging classifiers"; Catoni; McAllester), kl(e_hat || e) <= (KL + ln(m/delta)) /
    (m - 1), with delta_j as in ``union_bound_term``. Authors' code: snn/core/network.py,
    Bquad / (m - 1). ``kl`` in nats, m >= 2.
    """
    union = union_bound_term(lam, b, c)
    return (kl + union + math.log(m / delta)) / (m - 1)
# --8<-- [end:b_re]


# --8<-- [start:relaxed_objective]
def _union_relaxed(log_lam, b, c):
    """2 ln(b max(ln c - ln lam, 1e-2)) + ln(pi^2/6): the union term with j = b ln(c/lam) treated
    as a real number and clipped below as in the authors' code (snn/core/network.py, factor2)."""
    return 2.0 * torch.log(b * torch.clamp(math.log(c) - log_lam, min=1e-2)) + LOG_PI2_OVER_6


def _objective_terms(mlp, w, log_s, log_lam, w0, x, y, m, delta, eps, b, c):
    theta = w + torch.exp(log_s) * eps  # reparameterization: theta ~ N(w, diag(s^2)) when eps ~ N(0, I)
    surrogate = logistic_loss_bits(mlp._forward(theta, x), y).mean()
    kl = _kl(w.double(), log_s.double(), w0.double(), log_lam.double())
    bre = (kl + _union_relaxed(log_lam.double(), b, c) + math.log(m / delta)) / (m - 1)
    objective = surrogate.double() + torch.sqrt(bre / 2.0)
    return objective, surrogate, kl, bre


@checked
def relaxed_objective(
    mlp: IsMLP, w: TensorLike(shape=("W",)), log_s: TensorLike(shape=("W",)), log_lam: TensorLike(ndim=0),
    w0: TensorLike(shape=("W",)), x: Inputs(), y: Labels, m: AtLeast(2), delta: OpenUnit,
    eps: TensorLike(shape=("W",)), b: Positive = 100, c: Positive = 0.1,
):
    """The differentiable objective Dziugaite & Roy optimize (Sec. 3, "optimization objective"):

        e_surrogate(Q, batch) + sqrt( B_RE(w, s, lam) / 2 ),

    where e_surrogate is the logistic loss in bits, log2(1 + exp(-y_pm f(theta, x))), of ONE weight
    draw theta = w + s * eps (the reparameterization trick: eps ~ N(0, I) makes theta ~ Q, and the
    gradient flows to w and log_s), averaged over the examples (x, y) of a mini-batch, and B_RE is
    ``b_re`` with the grid index j = b ln(c/lam) relaxed to a real number (clipped at b * 1e-2,
    as the authors' code does). It comes from the PAC-Bayes theorem relaxed by Pinsker's inequality,
    e(Q) <= e_hat(Q) + sqrt(B_RE / 2), with the 0-1 loss replaced by the surrogate. ``m`` is the size
    of the whole training set (x may be a mini-batch of it). Source: Dziugaite & Roy (2017), Sec. 3;
    the authors' code snn/core/network.py (``PACB_objective``: cost = A + sqrt(Bquad / (2 (m - 1)))).
    Returns a float64 0-d tensor.
    """
    _match_mlp(mlp, "w", w, x)
    log_s, log_lam, w0, x, y, eps = (t.to(w.device) for t in (log_s, log_lam, w0, x, y, eps))
    return _objective_terms(mlp, w, log_s, log_lam, w0, x, y, m, delta, eps, b, c)[0]
# --8<-- [end:relaxed_objective]


# --8<-- [start:optimize_posterior]
@checked
def optimize_posterior(
    mlp: IsMLP, w0: TensorLike(shape=("W",)), w: TensorLike(shape=("W",)), x: Inputs(min_examples=2), y: Labels,
    epochs: Count, lr: Positive, seed: Seed, delta: OpenUnit = 0.025, b: Positive = 100, c: Positive = 0.1,
    batch_size: Count = 100, optimizer: OneOf("rmsprop", "adam") = "rmsprop",
    log_lam_init: Within(-50.0) = -6.0, log_s_init: Maybe(Within(-20.0, 5.0)) = None,
    device: Device = None, progress: Bool = True,
):
    """Minimize ``relaxed_objective`` over the posterior mean w, log_s and log_lam; returns a dict.

    Start: the posterior mean at the SGD weights ``w``; log_s = ``log_s_init`` for every weight,
    or with ``log_s_init=None`` the authors' ln(2 |w_i|) (clipped to [-12, 0]); log_lam =
    ``log_lam_init`` (default -6, the authors' prior std e^-3). log_lam is kept <= ln(c) - 1/b,
    the grid's largest point lam_1 (projected after each step). Each step draws one eps ~ N(0, I)
    for a mini-batch of ``batch_size`` examples (floor(m / batch_size) steps per epoch, data
    reshuffled each epoch) and takes a step of RMSprop (``optimizer="rmsprop"``, smoothing 0.9 as
    TensorFlow's default) or Adam (``"adam"``) with learning rate ``lr``; the rate is divided by 10
    for the last quarter of the epochs. Deterministic given ``seed`` on a given device.
    Source: the authors' code, snn/core/network.py (``PACB_init``: log posterior std ln(2|w|),
    log prior std -3; ``optimize_PACB``: RMSPropOptimizer, one noise draw per mini-batch of 100,
    learning rate dropped by a factor after ``drop_lr`` epochs) and their README (1000 epochs,
    lr 0.001 dropped to 0.0001 after 250); Dziugaite & Roy (2017), Sec. 3-4.
    Returns {"w": float32 CPU tensor, "log_s": float32 CPU tensor, "log_lam": float,
    "history": list of (epoch, objective, surrogate, kl, b_re), each the value at the epoch's last
    mini-batch (one noise draw: the objective and surrogate columns are noisy)}.
    With ``progress`` a tqdm bar shows the epochs.
    """
    _match_mlp(mlp, "w0", w0, x)
    if log_lam_init > math.log(c) - 1.0 / b:
        top = math.log(c) - 1.0 / b
        raise ValueError(f"log_lam_init must be in [-50, ln(c) - 1/b = {top:.4g}], got {log_lam_init}")
    w0, w, x, y = (t.to(device) for t in (w0, w, x, y))
    m = x.shape[0]

    w0 = w0.detach()
    mean = w.detach().clone().requires_grad_(True)
    if log_s_init is None:
        log_s = torch.log(2.0 * w.detach().abs()).clamp(-12.0, 0.0).requires_grad_(True)
    else:
        log_s = torch.full_like(w, float(log_s_init)).requires_grad_(True)
    log_lam = torch.tensor(log_lam_init, dtype=torch.float32, device=device, requires_grad=True)
    params = [mean, log_s, log_lam]
    if optimizer == "rmsprop":
        opt = torch.optim.RMSprop(params, lr=lr, alpha=0.9)
    else:
        opt = torch.optim.Adam(params, lr=lr)
    log_lam_max = math.log(c) - 1.0 / b
    drop_at = epochs - epochs // 4
    shuffle = torch.Generator().manual_seed(seed)  # CPU generators: the same draws on every device
    noise = torch.Generator().manual_seed(seed + 1)
    size = min(batch_size, m)
    history = []
    bar = tqdm(range(epochs), desc="PAC-Bayes bound", disable=not progress, leave=False)
    for epoch in bar:
        if epoch == drop_at:
            for group in opt.param_groups:
                group["lr"] = lr / 10.0
        order = torch.randperm(m, generator=shuffle).to(device)
        for start in range(0, m - size + 1, size):
            batch = order[start : start + size]
            eps = torch.randn(mlp.n_params, generator=noise).to(device)
            objective, surrogate, kl, bre = _objective_terms(
                mlp, mean, log_s, log_lam, w0, x[batch], y[batch], m, delta, eps, b, c
            )
            opt.zero_grad(set_to_none=True)
            objective.backward()
            opt.step()
            with torch.no_grad():  # keep lam on the grid's range, lam <= lam_1 = c exp(-1/b)
                log_lam.clamp_(max=log_lam_max)
        record = (epoch + 1, *(float(t.detach()) for t in (objective, surrogate, kl, bre)))
        history.append(record)
        bar.set_postfix(objective=f"{record[1]:.4f}", kl=f"{record[3]:.0f}", refresh=False)
    return {
        "w": mean.detach().cpu(),
        "log_s": log_s.detach().cpu(),
        "log_lam": float(log_lam.detach()),
        "history": history,
    }
# --8<-- [end:optimize_posterior]
