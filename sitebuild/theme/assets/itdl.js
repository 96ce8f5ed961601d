// The site's few lines of client JavaScript. Pages read fine without it (math is typeset at
// build time); it keeps the language links on the current page and opens search.
(() => {
  const option = document.querySelector("[data-itdl-site-root]");
  if (!option) return;
  // Resolved once, against the page the header was rendered for; instant navigation keeps the
  // header, so later pages reuse these absolute URLs.
  const siteRoot = new URL(option.dataset.itdlSiteRoot, location.href);
  const languageRoot = new URL(option.dataset.itdlPrefix, siteRoot).href;

  // Run ``setup`` now and on every page instant navigation brings (Material's document$, which
  // does not fire for a page opened from disk: that is why it runs at once too).
  function onEveryPage(setup) {
    setup();
    if (window.document$) window.document$.subscribe(setup);
  }

  // Language switcher: the same page (and anchor) in every other language.
  function updateLanguageLinks() {
    if ("itdlStaticLinks" in option.dataset) return; // the 404 page: other languages' home pages
    const here = location.href.split("?")[0];
    const rel = here.startsWith(languageRoot) ? here.slice(languageRoot.length) : "";
    for (const link of document.querySelectorAll("a.itdl-lang-link")) {
      link.href = new URL(link.dataset.itdlPrefix + rel, siteRoot).href;
    }
  }
  onEveryPage(updateLanguageLinks);
  window.addEventListener("hashchange", updateLanguageLinks);

  // A display formula, a notebook output or a table wider than the column scrolls sideways: make it reachable by keyboard
  // (WCAG 2.1.1; axe: scrollable-region-focusable). Narrow screens make more of them scroll.
  function focusableOverflow() {
    for (const box of document.querySelectorAll(".katex-display, .nb-output, .md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    }
  }
  onEveryPage(focusableOverflow);
  window.addEventListener("resize", focusableOverflow);
  // formulas widen when the KaTeX fonts arrive, which can be after the page was set up
  if (document.fonts) document.fonts.addEventListener("loadingdone", focusableOverflow);

  // The KaTeX fonts the lessons use, fetched once the first page is idle: the next page's formulas
  // then render from cache instead of waiting for them. The build cuts each font down to the
  // characters the site's formulas show (sitebuild/fontsubset.py), so all of them together weigh
  // about 80 kB (`nox -s bench` checks the page-weight budgets). Other fonts load on demand.
  const KATEX_FONTS = [
    "Main-Regular", "Math-Italic", "AMS-Regular", "Caligraphic-Regular", "Fraktur-Regular", "Main-Bold",
    "Size1-Regular", "Size2-Regular", "Size3-Regular", "Size4-Regular",
  ];
  function prefetchFonts() {
    for (const name of KATEX_FONTS) {
      const link = document.createElement("link");
      link.rel = "prefetch";
      link.as = "font";
      link.type = "font/woff2";
      link.crossOrigin = "anonymous"; // the same request mode as @font-face, so the cache matches
      link.href = new URL(`assets/katex/fonts/KaTeX_${name}.woff2`, languageRoot).href;
      document.head.appendChild(link);
    }
  }
  // (not for a copy opened from disk: a file:// page may not fetch other files as CORS requests)
  if (location.protocol === "file:") {
    // nothing to prefetch
  } else if (window.requestIdleCallback) window.requestIdleCallback(prefetchFonts, { timeout: 3000 });
  else window.setTimeout(prefetchFonts, 1000);

  // A reference to a formula ([[eq:...]] in the source, a.itdl-eq-ref here) shows the formula while
  // pointed at or focused: taken from this page, or from the page it is on (fetched once, same site).
  // A citation (a.itdl-cite) shows its entry from the page's own list of references the same way.
  const PREVIEWED = "a.itdl-eq-ref, a.itdl-cite";
  const eqPages = new Map();
  function previewOf(link) {
    const url = new URL(link.href);
    const id = decodeURIComponent(url.hash.slice(1));
    const here = url.pathname === location.pathname;
    const page = here ? Promise.resolve(document)
      : (eqPages.get(url.pathname) || eqPages.set(url.pathname, fetch(url.pathname)
          .then((reply) => reply.text())
          .then((text) => new DOMParser().parseFromString(text, "text/html"))).get(url.pathname));
    return page.then((doc) => {
      const target = doc.getElementById(id);
      if (!target) return null;
      if (link.matches("a.itdl-cite")) {
        const entry = document.createElement("p");
        entry.append(...Array.from(target.childNodes, (node) => node.cloneNode(true)));
        return entry;
      }
      return target.querySelector(".katex-display")?.cloneNode(true);
    });
  }
  let preview = null;
  function hidePreview() {
    if (!preview) return;
    document.querySelector(`[aria-describedby="${preview.id}"]`)?.removeAttribute("aria-describedby");
    preview.remove();
    preview = null;
  }
  function showPreview(link) {
    previewOf(link).then((content) => {
      if (!content || !link.matches(":hover, :focus")) return;
      hidePreview();
      preview = document.createElement("div");
      preview.id = "itdl-eq-preview";
      preview.className = "itdl-eq-preview md-typeset";
      preview.setAttribute("role", "tooltip");
      preview.appendChild(content).removeAttribute("tabindex");
      document.body.appendChild(preview);
      const box = link.getBoundingClientRect();
      const width = Math.min(preview.offsetWidth, window.innerWidth - 16);
      preview.style.left = `${Math.max(8, Math.min(box.left, window.innerWidth - width - 8)) + window.scrollX}px`;
      preview.style.top = `${box.bottom + 6 + window.scrollY}px`;
      link.setAttribute("aria-describedby", preview.id);
    }).catch(() => {}); // offline from file:// or a page that moved: the link still works
  }
  for (const kind of ["mouseover", "focusin"]) {
    document.addEventListener(kind, (event) => {
      const link = event.target.closest && event.target.closest(PREVIEWED);
      if (link) showPreview(link);
    });
  }
  for (const kind of ["mouseout", "focusout"]) {
    document.addEventListener(kind, (event) => {
      if (event.target.closest && event.target.closest(PREVIEWED)) hidePreview();
    });
  }
  if (window.document$) window.document$.subscribe(hidePreview);
  document.addEventListener("keydown", (event) => event.key === "Escape" && hidePreview());

  // Explorers (sitebuild/explorers.py): uPlot and assets/explorer.js, loaded on the first page that
  // has one. Script elements, not fetch, so a copy of the site opened from disk works too.
  function script(src) {
    return new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = src;
      element.onload = resolve;
      element.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(element);
    });
  }
  let explorerCode = null;
  function explorers() {
    if (!document.querySelector("figure.itdl-explorer:not([data-ready])")) return;
    if (!explorerCode) {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("assets/uplot/uPlot.min.css", siteRoot).href;
      document.head.appendChild(css);
      explorerCode = script(new URL("assets/uplot/uPlot.iife.min.js", siteRoot).href)
        .then(() => script(new URL("assets/explorer.js", siteRoot).href));
    }
    explorerCode.then(() => window.itdlExplorers(document));
  }
  onEveryPage(explorers);

  // Search: Pagefind's UI, loaded on first use; it picks the index of <html lang>.
  const dialog = document.querySelector("dialog.itdl-search");
  const bundle = new URL("pagefind/", siteRoot).href;
  let ready = null;
  function loadSearch() {
    if (ready) return ready;
    ready = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      const js = document.createElement("script");
      js.src = bundle + "pagefind-ui.js";
      js.onload = () => {
        new window.PagefindUI({
          element: "#itdl-search-ui",
          bundlePath: bundle,
          showImages: false,
          showSubResults: true,
          resetStyles: false,
          autofocus: true,
        });
        resolve();
      };
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return ready;
  }
  function openSearch() {
    if (!dialog.open) dialog.showModal();
    loadSearch().then(() => {
      const input = dialog.querySelector("input");
      if (input) input.focus();
    });
  }
  document.querySelector(".itdl-search-open").addEventListener("click", openSearch);
  dialog.querySelector(".itdl-search__close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  // Following a result closes the dialog (instant navigation keeps the page alive).
  dialog.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("a")) dialog.close();
  });
  document.addEventListener(
    "keydown",
    (event) => {
      const typing = event.target.closest && event.target.closest("input, textarea, [contenteditable]");
      if (event.key === "/" && !typing && !dialog.open) {
        event.preventDefault();
        openSearch();
      }
    },
    true,
  );
})();
