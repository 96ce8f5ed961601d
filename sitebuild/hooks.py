"""MkDocs hooks: thin adapters from MkDocs events to :class:`sitebuild.site.SiteBuild`."""

from __future__ import annotations

from mkdocs.plugins import event_priority

from sitebuild.site import SiteBuild

_build: SiteBuild | None = None


def on_config(config):
    global _build
    _build = SiteBuild(config)
    return _build.configure(config)


@event_priority(-100)  # after mkdocs-jupyter has wrapped the notebooks it will render
def on_files(files, config):
    return _build.add_files(files, config)


def on_nav(nav, config, files):
    return _build.navigation(nav)


def on_page_markdown(markdown, page, config, files):
    return _build.page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return _build.page_content(html, page)


def on_post_page(output, page, config):
    return _build.page_output(output, page)


def on_post_build(config):
    _build.finish(config)
