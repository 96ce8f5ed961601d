"""``python -m snippets.compression``: measure Occam's bound on the book's two models, write the results.

Writes ``results/compression-<mode>.json``; the chapter's numbers and tables read that file.

    python -m snippets.compression                 # full mode (2.5 minutes on 2 CPU cores)
    python -m snippets.compression --mode quick    # about 20 s
    python -m snippets.compression --threads 2     # torch.set_num_threads(2) first
"""

from __future__ import annotations

from snippets._cli import experiment_parser, parse_experiment_args
from snippets._results import write_results
from snippets.compression.experiment import run


def main(argv: list[str] | None = None) -> dict:
    args = parse_experiment_args(experiment_parser("python -m snippets.compression", ("smoke", "quick", "full")), argv)
    result = run(mode=args.mode, seed=args.seed, device=args.device, progress=not args.quiet)
    target = write_results(result, args.out, f"compression-{args.mode}.json")
    digits, dr, trained = result["digits"], result["dziugaite_roy"], result["digits"]["trained"]
    print(f"digits (m = {digits['m']}, delta = {digits['delta']}): trained network train "
          f"{trained['train_error']:.4f} test {trained['test_error']:.4f}; Dziugaite & Roy bound "
          f"{dr['pac_bayes_bound']:.4f}")
    print(f"{'width':>5s} {'k':>3s} {'bits':>6s} {'train':>7s} {'test':>7s} {'Occam':>7s} {'binomial':>8s} "
          f"{'PAC-Bayes':>9s}")
    for row in digits["rows"]:
        print(f"{row['width']:5d} {row['k']:3d} {row['code_bits']:6d} {row['train_error']:7.4f} "
              f"{row['test_error']:7.4f} {row['occam_bound']:7.4f} {row['occam_binomial_bound']:8.4f} "
              f"{row['pointmass_pac_bayes_bound']:9.4f}")
    lm = result["language_model"]
    print(f"transformer ({lm['reference']['n_weights']} weights, m = {lm['best']['train']['windows']} windows, "
          f"alpha = {lm['alpha']}): bits per character, uniform code {lm['uniform_bits_per_char']:.3f}")
    print(f"{'k':>4s} {'bits':>9s} {'train':>7s} {'val':>7s} {'bound':>8s} {'windows needed':>15s}")
    for row in [{"k": 0, **lm["float32"]}, *lm["rows"]]:
        needed = row["windows_needed"] if row["windows_needed"] is not None else float("nan")
        print(f"{row['k'] or 'f32':>4} {row['code_bits']:9d} {row['train']['bits_per_char']:7.3f} "
              f"{row['validation']['bits_per_char']:7.3f} {row['bound_bits_per_char']:8.2f} {needed:15.0f}")
    print(f"{result['wall_seconds']:.1f} s on {result['device']} ({result['threads']} threads); written: {target}")
    return result


if __name__ == "__main__":
    main()
