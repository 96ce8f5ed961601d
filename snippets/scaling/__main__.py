"""``python -m snippets.scaling`` (``nox -s scaling``): train the models, fit L(N), write the results.

Writes ``results/scaling-<mode>.json``; the chapter's numbers and its figure read that file.

    python -m snippets.scaling                  # full mode (3.5 minutes on 2 cores)
    python -m snippets.scaling --mode quick     # about 20 s on one core
    python -m snippets.scaling --threads 2      # torch.set_num_threads(2) first
"""

from __future__ import annotations

from snippets._cli import experiment_parser, parse_experiment_args
from snippets._results import write_results
from snippets.scaling.experiment import run


def main(argv: list[str] | None = None) -> dict:
    args = parse_experiment_args(experiment_parser("python -m snippets.scaling", ("quick", "full")), argv)
    result = run(mode=args.mode, seed=args.seed, device=args.device, progress=not args.quiet)
    target = write_results(result, args.out, f"scaling-{args.mode}.json")
    print(f"{'N':>9s} {'train nats':>11s} {'val nats':>9s} {'val bpc':>8s} {'seconds':>8s}")
    for row in result["rows"]:
        print(f"{row['n_params']:9d} {row['train_loss']:11.4f} {row['val_loss']:9.4f} "
              f"{row['val_bits_per_char']:8.3f} {row['wall_seconds']:8.1f}")
    fit = result["fit"]
    print(f"fit L(N) = E + a N^-alpha: alpha = {fit['alpha']:.3f} ± {fit['alpha_se']:.3f}, "
          f"E = {fit['E']:.3f} ± {fit['E_se']:.3f} nats ({fit['E_bits']:.3f} bits) per character, "
          f"a = {fit['a']:.3g} ± {fit['a_se']:.2g}")
    print(f"{result['wall_seconds']:.1f} s on {result['device']} ({result['threads']} threads); written: {target}")
    return result


if __name__ == "__main__":
    main()
