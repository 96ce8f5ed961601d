# %% [markdown]
# # Вычисляем границу вручную {#nonvacuous-explore}
#
# Этот блокнот выполняет шаги из [главы](nonvacuous.md) по одному; каждый достаточно короткий,
# чтобы изменить его и перезапустить на ноутбуке за несколько секунд. Скачайте блокнот, поменяйте
# какое-нибудь число и посмотрите, как сдвинется граница.
#
# ## Обучаем сеть и делаем её стохастической {#train}

# %%
import math

from snippets.dziugaite import (
    error_rate,
    kl_to_prior,
    load_digits_binary,
    optimize_posterior,
    pac_bayes_kl_bound,
    round_lambda,
    sample_convergence_bound,
    snn_error_mc,
    train_sgd,
)

x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
m = x_train.shape[0]
w0, w, mlp = train_sgd(x_train, y_train, hidden=(100,), epochs=20, lr=0.1, seed=0)
posterior = optimize_posterior(mlp, w0, w, x_train, y_train, epochs=150, lr=0.01, seed=0,
                               optimizer="adam", log_s_init=-3.0, progress=False)
q_w, q_log_s = posterior["w"], posterior["log_s"]
lam, j = round_lambda(math.exp(posterior["log_lam"]))
print(f"SGD network: train error {error_rate(mlp, w, x_train, y_train):.3f}, "
      f"test error {error_rate(mlp, w, x_test, y_test):.3f}")
print(f"prior variance lambda_{j} = {lam:.4f}; typical posterior std s = {q_log_s.exp().median():.4f}")


# %% [markdown]
# Итоговая граница принимает апостериорное распределение и возвращает гарантированную оценку
# ошибки. Обернём её вычисление в функцию, чтобы каждый эксперимент ниже занимал одну строку.
# Для скорости берём всего 400 реализаций весов в методе Монте-Карло (за столь малое их число
# честно расплачивается граница выборочной сходимости).

# %%
def certify(mean, log_s, prior_mean, n=400):
    """SNN train error, KL and the PAC-Bayes-kl bound (delta = 0.025, delta' = 0.01)."""
    err = snn_error_mc(mlp, mean, log_s, x_train, y_train, n_samples=n, seed=0)
    kl = float(kl_to_prior(mean, log_s, prior_mean, math.log(lam)))
    bound = pac_bayes_kl_bound(sample_convergence_bound(err, n, 0.01), kl, m, delta=0.025, j=j)
    return err, kl, bound


err, kl, bound = certify(q_w, q_log_s, w0)
print(f"optimized posterior: SNN train error {err:.3f}, KL {kl:,.0f} nats, bound {bound:.3f}")

# %% [markdown]
# ## Насколько широким должно быть апостериорное распределение? {#width}
#
# Умножим все стандартные отклонения апостериорного распределения на один и тот же множитель.
# Если сделать распределение более узким, чем оптимальное, сеть почти не меняется, но каждый вес
# добавляет к KL-дивергенции $\ln(\lambda/s_i^2)$. Если сделать его шире, KL-дивергенция
# уменьшается, но шум начинает менять предсказания на противоположные. Оптимизатор нашёл
# равновесие; проверим это:

# %%
for factor in (0.25, 0.5, 1.0, 1.5, 2.0, 3.0):
    err, kl, bound = certify(q_w, q_log_s + math.log(factor), w0)
    print(f"s x {factor:4}: SNN train error {err:.3f}   KL {kl:9,.0f}   bound {bound:.3f}")

# %% [markdown]
# ## Почему центр априорного распределения — в точке инициализации {#prior-mean}
#
# Априорным может быть любое распределение, зафиксированное до получения данных. Дзюгайте и Рой
# помещают его центр в точку случайной инициализации $w_0$, которая выбирается до обучения.
# Априорное распределение с центром в нуле — обычный выбор при затухании весов — столь же
# законно; тогда в KL-дивергенцию входит $\|w\|^2/\lambda$ вместо
# $\|w - w_0\|^2/\lambda$, то есть плата берётся за всю длину вектора весов, а не за то,
# насколько далеко их сдвинуло обучение:

# %%
import torch

for name, centre in (("w0 (initialization)", w0), ("zero", torch.zeros_like(w0))):
    err, kl, bound = certify(q_w, q_log_s, centre)
    print(f"prior mean {name:20s} KL {kl:9,.0f} nats   bound {bound:.3f}")
print(f"||w - w0|| = {float((q_w - w0).norm()):.2f},  ||w|| = {float(q_w.norm()):.2f},  "
      f"||w0|| = {float(w0.norm()):.2f}")

# %% [markdown]
# У этой сети вектор начальных весов короткий (как и у авторов, веса берутся из нормального
# распределения со стандартным отклонением 0,04, усечённого на уровне двух стандартных
# отклонений), поэтому здесь KL-дивергенции для двух априорных распределений различаются меньше
# чем на сто нат. Выигрыш от выбора центра зависит от того, насколько велика длина $w_0$
# по сравнению с расстоянием, которое веса проходят при обучении.

# %% [markdown]
# ## Попробуйте сами {#try}
#
# - Дайте оптимизатору больше эпох (`epochs=600` соответствует быстрому режиму
#   `nox -s reproduce`): насколько опустится граница?
# - Обучите сеть на случайных метках, `y_train = random_labels(y_train, seed=1)` (функция
#   из `snippets.dziugaite`), с `epochs=500` для SGD и выполните ячейки заново. Сеть, обученная
#   SGD, по-прежнему подгоняется под данные, а граница не опускается.
# - Расширьте сеть до `hidden=(300,)`: параметров станет больше, а граница на тех же данных —
#   слабее.
