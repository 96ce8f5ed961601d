// Runs before Material's bundle. Material reads sitemap.xml to decide which links instant
// navigation may take over, but it rewrites the sitemap's URLs only in protocol and hostname, not
// port or path, so a build served anywhere but its site_url never navigates instantly. Map the
// configured site_url onto wherever this copy of the site is actually served.
(() => {
  const script = document.currentScript;
  const configured = script && script.dataset.siteUrl;
  if (!configured) return;
  const actual = new URL(script.dataset.root, location.href).href;
  if (configured === actual) return;
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    if (type === "text/xml" && typeof text === "string" && text.includes("<urlset")) {
      text = text.split(configured).join(actual);
    }
    return parse.call(this, text, type);
  };
})();
