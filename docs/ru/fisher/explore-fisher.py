# %% [markdown]
# # Исследуем метрику Фишера {#explore-fisher}
#
# В этом блокноте используются функции из [глав об информационной геометрии](index.md). Измените
# числа и запустите его снова.
#
# ## Где распределение Бернулли особенно чувствительно? {#bernoulli-metric}
#
# Одно и то же изменение $\Delta p = 0{,}01$ среднего распределения Бернулли при разных $p$:
# KL-дивергенция, которую оно вызывает, и информация Фишера, которая её предсказывает.

# %%
from snippets.fisher import bernoulli_fisher, kl_bernoulli

for p in (0.5, 0.2, 0.05, 0.02):
    exact = kl_bernoulli(p, p + 0.01)
    print(f"p = {p:4}: F(p) = {bernoulli_fisher(p):7.1f}, KL = {exact:.2e}, "
          f"½ F Δp² = {0.5 * bernoulli_fisher(p) * 0.01**2:.2e}")

# %% [markdown]
# Вблизи 0 то же $\Delta p$ меняет распределение гораздо сильнее: метрика не евклидова.
#
# ## Обусловленность: градиентный спуск против натурального градиента {#conditioning}
#
# Логистическая регрессия из главы; признаки масштабированы так, что число обусловленности
# матрицы $X^{\top}X/n$ равно $\kappa$. Градиентному спуску (с шагом $1/\text{smoothness}$,
# обратным константе гладкости) с ростом $\kappa$ нужно всё больше шагов; натуральный
# градиентный спуск этого не замечает.

# %%
import numpy as np

from snippets.fisher import gradient_descent, logistic_problem, natural_gradient_descent


def steps_to(losses, target):
    below = np.asarray(losses) < target
    return int(np.argmax(below)) if below.any() else None


for condition in (1.0, 10.0, 100.0):
    X, y = logistic_problem(n=200, condition=condition, seed=0)
    ngd = natural_gradient_descent(X, y, np.zeros(2), lr=1.0, steps=20)
    gd = gradient_descent(X, y, np.zeros(2), lr=4.0, steps=2000)
    target = ngd["losses"][-1] + 1e-4
    print(f"κ = {condition:5.0f}: GD {steps_to(gd['losses'], target)} steps, "
          f"NGD {steps_to(ngd['losses'], target)} steps")

# %% [markdown]
# ## Поэкспериментируйте с числом обусловленности {#conditioning-explorer}
#
# Те же два метода решают ту же задачу при числах обусловленности от 1 до 1000. Каждое число здесь
# вычислено на сетке значений параметров функцией `losses_at` из `snippets/fisher/explorers.py`,
# которая запускает `gradient_descent` и `natural_gradient_descent`; ползунки перемещаются по
# узлам этой сетки.
#
# ```explorer id="fisher-conditioning" fn="fisher.explorers:losses_at" x="step" sliders="condition=1:1000:13:log@100 step=1:1000:16:log:int@25"
# condition: число обусловленности κ
# step: номер шага t
# gd: градиентный спуск, −η∇L
# ngd: натуральный градиент, −ηF⁻¹∇L
# y: функция потерь на обучающей выборке, нат
# alt: Функция потерь на обучающей выборке в зависимости от номера шага для градиентного спуска и натурального градиентного спуска; с ростом числа обусловленности градиентному спуску нужно всё больше шагов
# ---
# Функция потерь на обучающей выборке после $t$ шагов каждого метода; оба метода стартуют из
# $w = 0$. Натуральный градиентный спуск доходит до минимума за несколько шагов при любом
# $\kappa$, а градиентный спуск с ростом $\kappa$ замедляется.
# ```
#
# ## Второй момент в Adam и размер мини-батча {#batch-size}
#
# Вблизи минимума $\hat v$ в Adam оценивает эмпирическую матрицу Фишера, делённую на размер
# мини-батча $B$. Умножим на $B$ и сравним при нескольких значениях $B$:

# %%
from snippets.fisher import classification_data, compare_adam_and_fisher

X, y = classification_data(n=2000, scales=(0.1, 0.3, 1.0, 3.0, 10.0), seed=0)
for batch in (8, 32, 128):
    run = compare_adam_and_fisher(X, y, np.zeros(5), lr=1e-2, steps=3000, batch_size=batch, seed=0)
    print(f"B = {batch:3d}: B·v̂ / F_emp = {np.round(run['batch_v_over_empirical'], 2)}")

# %% [markdown]
# При любом $B$ отношения остаются примерно в пределах от 0,9 до 1,3: $\hat v$ масштабируется как
# $1/B$ — так же, как дисперсия среднего по мини-батчу. Оставшийся разброс — это шум скользящего
# среднего квадратов градиентов, распределение которых имеет тяжёлые хвосты. (Когда $B$ близко к $n$,
# точным будет не $1/B$, а множитель $(n-B)/(B(n-1))$ из главы.)
#
# ## Попробуйте сами {#try}
#
# - Сделайте масштабы признаков `scales` одинаковыми: что станет с преимуществом Adam?
# - Оставьте Adam вдали от минимума (больше `lr`, меньше `steps`) и посмотрите, как отношение
#   $B\hat v / F_{\mathrm{emp}}$ отходит от 1.
