"""Step 1 of Dziugaite & Roy (2017): train the network by SGD, keeping its random initialization.

The initialization w0 is the mean of the PAC-Bayes prior (it is chosen before seeing the data),
the trained weights w the starting point of the posterior's mean.
"""

import torch

from snippets._domains import AtLeast, Count, Positive, Seed, Within, checked
from snippets._torch import Device, logistic_loss_bits
from snippets.dziugaite._common import Hidden, Inputs, Labels
from snippets.dziugaite.network import MLP


# --8<-- [start:train_sgd]
@checked
def train_sgd(
    x: Inputs(), y: Labels, hidden: Hidden, epochs: AtLeast(0), lr: Positive, seed: Seed, device: Device = None,
    batch_size: Count = 100, momentum: Within(0, 1, open_high=True) = 0.9,
):
    """Train an MLP (1 to 3 hidden ReLU layers) by SGD with momentum; returns (w0, w, mlp).

    w0 is the random initialization (``MLP.init_weights(seed)``), w the weights after
    ``epochs`` passes, both float32 CPU tensors of length W, and ``mlp`` the ``MLP`` that
    evaluates them: ``mlp(w, x)`` gives logits, ``error_rate(mlp, w, x, y)`` errors.
    Loss: the logistic loss in bits, (1/B) sum_i log2(1 + exp(-y_pm,i f(w, x_i))), y_pm = 2 y - 1.
    Optimizer: torch.optim.SGD with momentum (heavy ball, as TensorFlow's MomentumOptimizer).
    Each epoch reshuffles the data and takes floor(n / batch_size) mini-batches (at least one).
    Source: the authors' code, snn/core/network.py (``optimize``: MomentumOptimizer with
    learning_rate=0.01, momentum=0.9, batch size 100; ``logistic_loss``) and their README (20
    epochs for T-600); Dziugaite & Roy (2017), Sec. 4. ``device=None`` runs on CUDA when it is
    available, else on the CPU; the same seed gives the same result on the same device.
    """
    x, y = x.to(device), y.to(device)

    mlp = MLP(x.shape[1], hidden)
    w0 = mlp.init_weights(seed)
    theta = w0.clone().to(device).requires_grad_(True)
    optimizer = torch.optim.SGD([theta], lr=lr, momentum=momentum)
    shuffle = torch.Generator().manual_seed(seed + 1)  # CPU generator: same order on every device
    n = x.shape[0]
    size = min(batch_size, n)
    for _ in range(epochs):
        order = torch.randperm(n, generator=shuffle).to(device)
        for start in range(0, n - size + 1, size):
            batch = order[start : start + size]
            loss = logistic_loss_bits(mlp._forward(theta, x[batch]), y[batch]).mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    return w0, theta.detach().cpu(), mlp
# --8<-- [end:train_sgd]
