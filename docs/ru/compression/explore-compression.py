# %% [markdown]
# # Сжимаем сеть вручную {#explore-compression}
#
# Этот блокнот использует функции из [главы о границах через сжатие](index.md). Он начинает
# с сохранённого в репозитории кода сети для цифр длиной 402 бита, восстанавливает по нему сеть,
# а затем позволяет менять число примеров, длину кода и сами биты кода.
#
# ## Сколько стоит бит {#price-of-a-bit}
#
# Граница Оккама для классификатора с ошибкой 2 % на обучающей выборке — для кодов длиной от 100
# до 100 000 бит и обучающих выборок разного объёма. Каждый бит стоит $\ln 2/m$ в бинарной KL-дивергенции,
# поэтому граница остаётся полезной, пока длина кода составляет малую долю числа примеров $m$.

# %%
from snippets.compression import occam_bound

for m in (1_000, 10_000, 100_000):
    bounds = [occam_bound(0.02, bits, m, 0.025) for bits in (100, 1_000, 10_000, 100_000)]
    print(f"m = {m:>7,}: " + "  ".join(f"{b:.3f}" for b in bounds))

# %% [markdown]
# ## Сеть в 402 битах {#decode}
#
# Строка `bits` из ячейки ниже — это вся сеть: декодеру больше ничего не нужно. Декодирование
# даёт размеры слоёв, кодовые книги и индексы значений, а вместе с ними и предсказания сети
# на цифрах.

# %%
import numpy as np

from snippets.compression import decode_network, load_results, to_mlp
from snippets.dziugaite import error_rate, load_digits_binary

bits = load_results("full")["digits"]["best"]["code"]
network = decode_network(bits)
mlp, w = to_mlp(network)
x_train, y_train, x_test, y_test = load_digits_binary(seed=0)
for layer, group in enumerate(network.groups, start=1):
    print(f"layer {layer}: {group.n} weights share the values {np.round(group.codebook, 3).tolist()}")
print(f"train error {error_rate(mlp, w, x_train, y_train):.3f}, test error {error_rate(mlp, w, x_test, y_test):.3f}")

# %% [markdown]
# ## Измените один бит {#flip-a-bit}
#
# Каждая строка, которую может записать кодер, декодируется ровно в одну сеть, а любую другую
# строку декодер отвергает. Инвертируйте один бит кода и посмотрите, что получится: другая сеть
# (со своими ошибками) или строка, которая не является кодом ни одной сети. Попробуйте другие
# позиции или обрежьте строку.

# %%
for position in (0, 5, 40, 200, 401):
    flipped = bits[:position] + ("1" if bits[position] == "0" else "0") + bits[position + 1 :]
    try:
        mlp_f, w_f = to_mlp(decode_network(flipped))
        print(f"bit {position:>3}: a network of sizes {mlp_f.layer_sizes}, "
              f"train error {error_rate(mlp_f, w_f, x_train, y_train):.3f}")
    except ValueError as error:
        print(f"bit {position:>3}: not a code: {str(error)[:70]}")
