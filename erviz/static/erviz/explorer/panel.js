/* The side panel: a model's fields and relations, loaded by htmx, kept in
   the address (?panel=) so that back and forward restore it. */

import { select } from "./graph.js";

/** The panel URL of ``label``, from the diagram's URL template. */
function panelUrl(container, label) {
  return container.dataset.panelUrl.replace("__LABEL__", encodeURIComponent(label));
}

/* Where the panel sits below the diagram (a narrow screen), a tap would
   seem to do nothing: bring the panel into view. */
function reveal() {
  const panel = document.getElementById("erviz-panel");
  const top = panel.getBoundingClientRect().top;
  if (top > window.innerHeight * 0.6 || top < 0) {
    panel.scrollIntoView({ block: "start", behavior: "smooth" });
  }
}

export function openPanel(container, label, { push }) {
  window.htmx
    .ajax("GET", panelUrl(container, label), { target: "#erviz-panel", swap: "innerHTML" })
    .then(reveal);
  select(container, label);
  if (push) {
    const address = new URL(window.location.href);
    address.searchParams.set("panel", label);
    window.history.pushState({ panel: label }, "", address);
  }
}
