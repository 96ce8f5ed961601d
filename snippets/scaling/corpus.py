"""The corpus of the scaling experiment: Python source files of the standard library, as characters.

Every machine that runs this code has a Python standard library, so the experiment needs no
download. The files below (``CORPUS_FILES``, 56 files, 598,197 characters) were chosen because they
are byte-identical in CPython 3.11.2, 3.11.7, 3.12.1 and 3.13.0 (compared on the machine that wrote
this module; 37 of them also in 3.10.13), so the experiment should see the same text on any
CPython from 3.11 to 3.13; where it does not, the results record it. The character-level
vocabulary is fixed: newline, the 95 printable ASCII characters and one symbol for everything
else (the corpus has one: a non-ASCII character in heapq.py). Train/validation split by file:
every fifth file of the sorted list (11 files, 81,622 characters) is held out.
``load_corpus()["info"]`` records the SHA-256 of the text actually read; it equals
``REFERENCE_SHA256`` when the library's files are the reference ones.
"""

import copy
import functools
import hashlib
import sys
import sysconfig
from pathlib import Path

import numpy as np

from snippets._domains import AtLeast, Integer, IsA, Numbers, checked

# Paths relative to sysconfig.get_paths()["stdlib"]; sorted; all >= 2,000 bytes.
CORPUS_FILES = (
    "__future__.py", "_compression.py", "_markupbase.py", "_py_abc.py", "_sitebuiltins.py",
    "_threading_local.py", "_weakrefset.py", "asyncio/protocols.py", "asyncio/trsock.py",
    "asyncio/windows_utils.py", "concurrent/futures/_base.py", "curses/__init__.py", "curses/has_key.py",
    "difflib.py", "email/_encoded_words.py", "email/contentmanager.py", "email/headerregistry.py",
    "email/mime/image.py", "email/quoprimime.py", "graphlib.py", "heapq.py",
    "importlib/metadata/_functools.py", "importlib/metadata/_itertools.py", "importlib/metadata/_text.py",
    "json/__init__.py", "json/scanner.py", "multiprocessing/dummy/__init__.py", "multiprocessing/heap.py",
    "multiprocessing/popen_forkserver.py", "multiprocessing/popen_spawn_posix.py",
    "multiprocessing/reduction.py", "multiprocessing/sharedctypes.py", "nturl2path.py", "optparse.py",
    "pyclbr.py", "string.py", "tomllib/_parser.py", "tomllib/_re.py", "tracemalloc.py", "unittest/_log.py",
    "unittest/signals.py", "unittest/suite.py", "unittest/util.py", "urllib/response.py",
    "urllib/robotparser.py", "weakref.py", "wsgiref/headers.py", "xml/dom/__init__.py",
    "xml/dom/domreg.py", "xml/dom/minicompat.py", "xml/dom/pulldom.py", "xml/dom/xmlbuilder.py",
    "xml/etree/ElementPath.py", "xml/sax/handler.py", "xml/sax/saxutils.py", "zoneinfo/_common.py",
)
VALIDATION_EVERY = 5  # files 4, 9, 14, ... (0-based) of CORPUS_FILES are the validation split
OTHER = "\N{CURRENCY SIGN}"  # the one symbol for every character outside the vocabulary
VOCAB = "\n" + "".join(chr(c) for c in range(32, 127)) + OTHER
VOCAB_SIZE = len(VOCAB)  # 97
_INDEX = {c: i for i, c in enumerate(VOCAB)}
# SHA-256 of the text load_corpus reads (train files, then validation files, each in list order,
# as UTF-8 bytes before mapping to the vocabulary); see corpus_sha256 in load_corpus()["info"].
REFERENCE_SHA256 = "e46849da47a554d3ed3aebc327c56507ade7aa21e20627240af9fd788ec39937"


@checked
def encode(text: IsA(str, "a str")):
    """The character ids of ``text``, a 1-D int64 array: VOCAB.index(c), or the id of OTHER for a
    character outside the vocabulary."""
    other = _INDEX[OTHER]
    return np.fromiter((_INDEX.get(c, other) for c in text), dtype=np.int64, count=len(text))


@checked
def decode(ids: Numbers(ndim=1, entries=Integer(0, VOCAB_SIZE - 1))):
    """The text of character ids (the inverse of ``encode`` on text inside the vocabulary)."""
    return "".join(VOCAB[i] for i in ids.tolist())


# --8<-- [start:unigram_entropy_bits]
@checked
def unigram_entropy_bits(ids: Numbers(ndim=1, entries=AtLeast(0), min_size=1)):
    """The empirical (plug-in) entropy of the characters of ``ids``, in bits per character.

    H = -sum_c p(c) log2 p(c), p(c) = (count of c) / n: the code length per character of the best
    code that ignores context, fitted to this very text. A model that uses context must beat it.
    """
    counts = np.bincount(ids)
    p = counts[counts > 0] / ids.size
    return float(-(p * np.log2(p)).sum())
# --8<-- [end:unigram_entropy_bits]


def _stdlib():
    return Path(sysconfig.get_paths()["stdlib"])


def load_corpus():
    """The corpus, read from this Python's standard library: {"train": ids, "validation": ids, "info"}.

    ``ids`` are int64 arrays of character ids (``encode``); ``info`` gives the Python version, the
    file lists (relative to the standard library's directory), character counts, corpus_sha256 and whether it equals
    REFERENCE_SHA256, and the unigram baselines in bits per character: the validation text's own
    entropy and the cross-entropy of the training text's character frequencies (add-one smoothed)
    on the validation text. A missing file is a ValueError naming it.
    """
    corpus = _read_corpus()
    return {"train": corpus["train"], "validation": corpus["validation"], "info": copy.deepcopy(corpus["info"])}


@functools.cache
def _read_corpus():
    """Read and encode the files once per process (the id arrays are read-only)."""
    root = _stdlib()
    texts = {"train": [], "validation": []}
    names = {"train": [], "validation": []}
    for i, name in enumerate(CORPUS_FILES):
        split = "validation" if i % VALIDATION_EVERY == VALIDATION_EVERY - 1 else "train"
        path = root / name
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"corpus file {path} is missing from this Python's standard library") from None
        texts[split].append(text)
        names[split].append(name)
    train, validation = "".join(texts["train"]), "".join(texts["validation"])
    digest = hashlib.sha256((train + validation).encode("utf-8")).hexdigest()
    train_ids, val_ids = encode(train), encode(validation)
    counts = np.bincount(train_ids, minlength=VOCAB_SIZE) + 1.0
    q = counts / counts.sum()
    info = {
        "python": sys.version.split()[0],
        "train_files": names["train"],
        "validation_files": names["validation"],
        "train_characters": int(train_ids.size),
        "validation_characters": int(val_ids.size),
        "other_characters": int((train_ids == VOCAB_SIZE - 1).sum() + (val_ids == VOCAB_SIZE - 1).sum()),
        "vocab_size": VOCAB_SIZE,
        "corpus_sha256": digest,
        "reference_corpus": digest == REFERENCE_SHA256,
        "validation_unigram_entropy_bits": unigram_entropy_bits(val_ids),
        "unigram_cross_entropy_bits": float(-np.log2(q[val_ids]).mean()),
    }
    train_ids.setflags(write=False)
    val_ids.setflags(write=False)
    return {"train": train_ids, "validation": val_ids, "info": info}

