"""Build glue of the site: everything MkDocs does not do by itself lives here.

``python -m sitebuild build`` builds every language; ``python -m sitebuild serve`` serves them
with live reload. MkDocs calls in through ``hooks.py``; tests import the modules directly.
"""
