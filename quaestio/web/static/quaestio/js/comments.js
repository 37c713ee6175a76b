// "Show N more comments" in place. Without this script the link reloads the question page with
// ?showcomments=<post id>, which renders the same list in full; with it, the list comes from
// /posts/<id>/comments (the same partial template) and replaces the short one.
"use strict";

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a.js-show-more-comments") : null;
  if (!link || !link.dataset.url || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  const box = link.closest(".comments");
  link.setAttribute("aria-busy", "true");
  fetch(link.dataset.url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return response.text();
    })
    .then((html) => {
      const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".comments");
      if (!box || !fresh) {
        throw new Error("no comments in the response");
      }
      box.replaceWith(fresh);
    })
    .catch(() => {
      // Fall back to the page that works without JavaScript.
      window.location.href = link.href;
    });
});
