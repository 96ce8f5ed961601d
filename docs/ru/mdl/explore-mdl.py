# %% [markdown]
# # Сжимаем вручную {#explore-mdl}
#
# Этот блокнот применяет функции из [глав о MDL](index.md) к входным данным, которые выбираете
# вы сами. Скачайте его, замените текст или числа и запустите снова.
#
# ## Код для вашего текста {#your-text}
#
# Подсчитаем буквы в тексте, превратим их частоты в распределение и построим для него код
# Хаффмана. Частые буквы получают короткие кодовые слова, а средняя длина оказывается между
# энтропией и энтропией плюс один бит. Если все вероятности — степени двойки, кодовые слова
# в точности достигают энтропии: для трёх букв с вероятностями 1/2, 1/4 и 1/4 энтропия равна
# {{= mdl:entropy_bits([0.5, 0.25, 0.25]) | .1f }} бита на букву — столько же в среднем занимают
# кодовые слова 0, 10 и 11.

# %%
import math
from collections import Counter

from snippets.mdl import entropy_bits, expected_length, huffman_code

text = (
    "a code is a probability distribution and a probability distribution is a code "
    "so the shortest description of the data is the most probable explanation of it"
)
counts = Counter(text)
symbols = sorted(counts)
p = [counts[s] / len(text) for s in symbols]
code = huffman_code(p)
for i in sorted(range(len(symbols)), key=lambda i: -p[i])[:6]:
    print(f"{symbols[i]!r}: p = {p[i]:.3f}, codeword {code[i]}")
fixed = math.ceil(math.log2(len(symbols)))  # the same length for every letter
print(f"entropy {entropy_bits(p):.3f} bits/letter, Huffman {expected_length(p, code):.3f}, "
      f"fixed-length {fixed} bits")

# %% [markdown]
# ## Всё сообщение сразу {#arithmetic}
#
# Арифметическое кодирование тратит на всё сообщение $-\log_2 p(x^n)$ бит плюс не более двух.
# Если взять в качестве модели частоты букв самого текста, оно подходит к энтропии ближе, чем
# позволяют целочисленные длины кодовых слов в коде Хаффмана:

# %%
from snippets.mdl import arithmetic_decode, arithmetic_encode, huffman_encode

message = [symbols.index(ch) for ch in text]
ideal = -sum(math.log2(p[s]) for s in message)
arith = arithmetic_encode(message, p)
print(f"ideal {ideal:.1f} bits, arithmetic {len(arith)}, Huffman {len(huffman_encode(message, code))}")
print("decodes back:", arithmetic_decode(arith, len(message), p) == message)

# %% [markdown]
# Настоящий компрессор должен передать ещё и саму модель (здесь — частоты букв); двухчастный код
# ниже делает именно это для многочлена.
#
# ## Поэкспериментируйте с длиной кода {#code-length-explorer}
#
# Данные из главы (150 зашумлённых точек кубического многочлена) описываются двухчастным кодом
# с помощью многочленов всех степеней до 10. Каждое число здесь вычислено на сетке значений
# параметров функцией `code_length_at` из `snippets/mdl/explorers.py`, которая вызывает
# `two_part_code_length`; ползунки перемещаются по узлам этой сетки.
#
# ```explorer id="mdl-code-length" fn="mdl.explorers:code_length_at" x="degree" sliders="degree=0:10:11:int@3 precision_bits=1:16:16:int@8 noise_std=0.1:1.5:8@0.3"
# degree: степень многочлена d
# precision_bits: число бит на параметр b
# noise_std: стандартное отклонение шума σ
# model_bits: L(H)
# data_bits: L(D|H) − n log₂(1/ε)
# total_bits: L(H) + L(D|H) − n log₂(1/ε)
# y: длина кода, бит
# alt: Длины двухчастного кода в зависимости от степени многочлена: число бит на модель растёт со степенью, число бит на данные убывает, а их сумма достигает минимума
# ---
# Число бит на модель $L(H)$ растёт со степенью, число бит на данные $L(D|H)$ убывает, и MDL
# выбирает степень, при которой их сумма минимальна. При любой степени ещё
# $n \log_2(1/\varepsilon)$ бит уходит на точность данных $\varepsilon = 0.01$; эта константа на
# графике не учтена.
# ```
#
# ## Насколько точными должны быть параметры? {#precision}
#
# Двухчастный код сообщает каждый параметр с помощью $b$ бит. Если бит слишком мало, округлённая
# модель плохо описывает данные; если слишком много, дорого обходится сама модель. При каком $b$
# суммарная длина минимальна и зависит ли от него выбранная степень?

# %%
from snippets.mdl import select_degree_mdl, two_part_code_length
from snippets.mdl.figures import chapter_data

x, y = chapter_data()
for bits in (2, 4, 8, 16, 32):
    degree = select_degree_mdl(x, y, max_degree=10, precision_bits=bits)
    total = two_part_code_length(x, y, degree, precision_bits=bits)["total_bits"]
    print(f"b = {bits:2d} bits per parameter: degree {degree}, {total:7.1f} bits in all")

# %% [markdown]
# При 2 битах округлённые коэффициенты настолько грубы, что ни один многочлен не оказывается лучше
# константы. Начиная с 4 бит побеждает кубический многочлен, а суммарная длина минимальна при
# 8 битах: более мелкая сетка обходится дороже, чем экономит на данных.
#
# ## Меньше точек — проще модели {#sample-size}
#
# Когда точек мало, коэффициент почти ничего не экономит на данных, но по-прежнему стоит свои
# $b$ бит: MDL предпочитает более простые многочлены, как поступил бы осторожный статистик.

# %%
from snippets.mdl import noisy_polynomial_data

for n in (10, 20, 40, 80, 160):
    xs, ys = noisy_polynomial_data(n, (0.5, -1.0, -1.0, 2.0), noise_std=0.3, seed=0)
    print(f"n = {n:3d}: MDL chooses degree {select_degree_mdl(xs, ys, max_degree=min(10, n - 2))}")

# %% [markdown]
# ## Попробуйте сами {#try}
#
# - Замените `text` абзацем на другом языке: как изменится энтропия на букву?
# - Поменяйте уровень шума в последней ячейке на 1,0: при каком $n$ MDL находит кубический
#   многочлен?
# - Закодируйте данные главы с `y_precision=0.001` вместо значения по умолчанию 0,01
#   в `two_part_code_length`: все суммарные длины вырастут на одну и ту же величину, поэтому
#   выбранная степень не изменится. Почему?
