# %% [markdown]
# # Исследуем PAC-байесовские границы {#explore-bounds}
#
# Эта страница — блокнот: он выполняется при сборке сайта, и его можно скачать и запустить
# самостоятельно. В нём используются те же функции из пакета `snippets`, что и в главе.
#
# ## Поэкспериментируйте с границами {#bounds-explorer}
#
# Каждая точка графика и каждое число под ним вычислены на сетке значений параметров функцией
# `bounds_at` из `snippets/pacbayes/explorers.py`, которая вызывает три функции границ из главы;
# ползунки перемещаются по узлам этой сетки.
#
# ```explorer id="pb-bounds" fn="pacbayes.explorers:bounds_at" x="kl" sliders="kl=0:10000:11@5000 m=1000:1000000:13:log:int@60000 emp_risk=0:0.2:11@0.04" ylim="0:1.2" hline="1"
# kl: KL(Q‖P), нат
# m: объём выборки m
# emp_risk: эмпирический риск
# mcallester: Макаллестер
# maurer_kl: Маурер (kl)
# catoni: Катони, C = 2
# y: граница для R(Q)
# alt: Три PAC-байесовские границы риска растут вместе с KL(Q‖P); пунктир на уровне 1 отмечает порог, выше которого граница ничего не гарантирует
# ---
# Три границы риска при уровне доверия $1-\delta = 0.95$ в зависимости от
# $\operatorname{KL}(Q\|P)$; объём выборки и эмпирический риск задаются ползунками. Выше пунктира
# на уровне 1 граница тривиальна.
# ```
#
# ## Сколько примеров нужно каждой границе? {#examples-needed}
#
# Зафиксируем эмпирический риск стохастического классификатора на уровне 3 %, уровень доверия
# $1-\delta = 0.95$ и дивергенцию $\operatorname{KL}(Q\|P) = 5000$ нат. Для каждой границы найдём
# наименьший объём выборки $m$, при котором она гарантирует риск ниже 10 %.

# %%
from snippets.pacbayes import catoni_bound, kl_inverse, maurer_kl_bound, mcallester_bound

emp_risk, kl, delta, target = 0.03, 5000.0, 0.05, 0.10
bounds = {
    "McAllester": lambda m: mcallester_bound(emp_risk, kl, m, delta),
    "Maurer (kl)": lambda m: maurer_kl_bound(emp_risk, kl, m, delta),
    "Catoni, C=2": lambda m: catoni_bound(emp_risk, kl, m, delta, C=2.0),
}
for name, bound in bounds.items():
    m = 8
    while bound(m) >= target:
        m = int(m * 1.01) + 1
    print(f"{name:12s} needs m ≈ {m:>9,d}")

# %% [markdown]
# Границе в kl-форме нужно в несколько раз меньше примеров, чем границе Макаллестера: при малом
# эмпирическом риске $\operatorname{kl}(q\|p)$ растёт гораздо быстрее, чем нижняя оценка Пинскера
# $2(p-q)^2$.
#
# ## Минимум границы Катони по параметру C равен обратной функции kl {#catoni-minimum}
#
# При любом $C > 0$ граница Катони не меньше $\operatorname{kl}^{-1}(q, B)$, где
# $B = (\operatorname{KL}(Q\|P) + \ln(1/\delta))/m$, а её точная нижняя грань по $C$ совпадает
# с этой величиной. Проверим это на сетке значений $C$.

# %%
import numpy as np

m = 60_000
grid = np.linspace(0.05, 20.0, 4000)
best_catoni = min(catoni_bound(emp_risk, kl, m, delta, C=c) for c in grid)
budget = (kl + np.log(1 / delta)) / m
print(f"min over C of Catoni: {best_catoni:.5f}")
print(f"kl inverse:           {kl_inverse(emp_risk, budget):.5f}")
