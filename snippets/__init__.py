"""Tested reference implementations of the formulas in "Information Theory in Deep Learning"."""
