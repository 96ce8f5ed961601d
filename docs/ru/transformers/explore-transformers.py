# %% [markdown]
# # Исследуем внимание, остаточные связи и масштабирование {#explore-transformers}
#
# В этом блокноте используются функции из [главы о трансформерах](index.md) и
# [главы о законах масштабирования](scaling.md). Измените числа и запустите блокнот снова.
#
# ## Температура и энтропия внимания {#temperature}
#
# Запросы и ключи случайны, логиты делятся на $\sqrt{d_k}\,T$. С ростом $T$ энтропия не убывает;
# при $T \to \infty$ она стремится к $\ln n$.

# %%
import numpy as np

from snippets.transformers import entropy_vs_temperature

rng = np.random.default_rng(0)
q, k = rng.standard_normal((64, 32)), rng.standard_normal((16, 32))  # 64 queries, 16 keys, d_k = 32
temperatures = [0.1, 0.3, 1.0, 3.0, 10.0]
for t, h in zip(temperatures, entropy_vs_temperature(q, k, temperatures), strict=True):
    print(f"T = {t:4}: mean entropy {h:.2f} nats (e^H = {np.exp(h):4.1f} tokens read), ln 16 = {np.log(16):.2f}")

# %% [markdown]
# ## Поэкспериментируйте с температурой {#temperature-explorer}
#
# Те же 256 случайных запросов к 32 случайным ключам, что и в главе, при размерности ключей $d_k$
# от 2 до 1024, с масштабированием $1/\sqrt{d_k}$ и без него. Каждое число здесь вычислено на
# сетке значений параметров функцией `entropy_at` из `snippets/transformers/explorers.py`, которая
# вызывает `attention_weights` и `attention_entropy`; ползунки перемещаются по узлам этой сетки.
#
# ```explorer id="attention-temperature" fn="transformers.explorers:entropy_at" x="temperature" sliders="temperature=0.1:10:21:log@1 d_k=2:1024:10:log:int@64" ylim="0:3.6" hline="3.4657"
# temperature: температура T
# d_k: размерность ключей dₖ
# scaled: q·k/(T√dₖ)
# unscaled: q·k/T
# y: средняя энтропия внимания, нат
# alt: Средняя энтропия внимания в зависимости от температуры с масштабированием 1/√d_k и без него; обе кривые поднимаются к уровню ln 32, отмеченному пунктиром
# ---
# Средняя энтропия строк матрицы внимания при делении логитов на $T$. С масштабированием
# $1/\sqrt{d_k}$ кривая почти не зависит от $d_k$; без него ключам большей размерности для той же
# энтропии нужна более высокая температура. Пунктирная линия — уровень $\ln 32$ (равномерное
# внимание).
# ```
#
# ## Насколько большой может быть ветвь внимания? {#residual-scale}
#
# Стек из главы — 24 случайных слоя внимания с остаточными связями — при нескольких значениях
# масштабного множителя $s$ весов значений. При каком $s$ эффективный ранг на последнем слое начинает падать?

# %%
from snippets.transformers import depth_profile

for s in (0.1, 0.3, 0.5, 0.7, 1.0):
    run = depth_profile(n_tokens=32, width=64, depth=24, residual=True, value_scale=s, seed=0)
    print(f"s = {s}: effective rank at layer 24 = {run['effective_rank'][-1]:5.1f} (of at most 32)")

# %% [markdown]
# ## Обращение остаточного блока {#invert}
#
# Методу простой итерации нужно условие $\operatorname{Lip}(f) < 1$. Сколько шагов ему
# требуется, когда константа Липшица приближается к 1?

# %%
import torch

from snippets.transformers import invert_residual, residual_mlp

x = np.random.default_rng(1).standard_normal((5, 8))
for c in (0.5, 0.9, 0.99):
    f = residual_mlp(width=8, hidden=32, lipschitz=c, seed=0)
    with torch.no_grad():
        y = x + f(torch.tensor(x)).numpy()
    run = invert_residual(f, y, iterations=2000, tol=1e-12)
    print(f"Lip(f) <= {c}: converged {run['converged']} after {run['steps']} steps")

# %% [markdown]
# ## Насколько устойчив подобранный показатель степени? {#refit}
#
# Восемь моделей из главы о законах масштабирования; закон подбирается заново без самых маленьких
# или без самых крупных из них. По каким размерам моделей вы стали бы экстраполировать?

# %%
from snippets.scaling import fit_power_law, load_results

rows = load_results("full")["rows"]
sizes = [row["n_params"] for row in rows]
losses = [row["val_loss"] for row in rows]  # nats per character
for first, last in ((0, 8), (1, 8), (2, 8), (0, 6), (0, 5)):
    fit = fit_power_law(sizes[first:last], losses[first:last])
    print(f"models {first + 1}-{last}: alpha = {fit['alpha']:.3f} ± {fit['alpha_se']:.3f}, "
          f"E = {fit['E']:.2f} ± {fit['E_se']:.2f} nats")

# %% [markdown]
# ## Как потратить вычислительный бюджет {#budget}
#
# Оптимальные по вычислениям размер модели и объём данных при выбранных вами бюджетах по
# опубликованным (округлённым) константам подхода 3 из статьи о Chinchilla, а также потери, которые
# закон предсказывает в этих точках (в натах на токен токенизатора из той статьи). С этими
# константами показатели степени для размера модели и числа токенов равны 0,45 и 0,55;
# по неокруглённым константам в статье получены 0,46 и 0,54.

# %%
from snippets.scaling import compute_optimal

for compute in (1e18, 1e21, 1e24):
    best = compute_optimal(compute)
    print(f"C = {compute:.0e} FLOPs: N = {best['n_params']:.2e}, D = {best['n_tokens']:.2e}, "
          f"loss {best['loss']:.2f}")
