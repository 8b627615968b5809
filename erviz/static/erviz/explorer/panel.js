/* The side panel: a model's fields and relations, loaded by htmx, kept in
   the address (?panel=) so that back and forward restore it. */

import { select, selectEdge } from "./graph.js";

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

/** The panel URL of relation ``id`` (``app.Model.field``). */
function relationUrl(container, id) {
  const [app, model, ...field] = id.split(".");
  return container.dataset.relationUrl
    .replace("__LABEL__", encodeURIComponent(`${app}.${model}`))
    .replace("__FIELD__", encodeURIComponent(field.join(".")));
}

function load(url) {
  window.htmx.ajax("GET", url, { target: "#erviz-panel", swap: "innerHTML" }).then(reveal);
}

/** Keep the open panel in the address: ``?panel=`` or ``?relation=``. */
function remember(key, value) {
  const address = new URL(window.location.href);
  address.searchParams.delete("panel");
  address.searchParams.delete("relation");
  address.searchParams.set(key, value);
  window.history.pushState({ [key]: value }, "", address);
}

export function openPanel(container, label, { push }) {
  load(panelUrl(container, label));
  select(container, label);
  selectEdge(container, null);
  if (push) remember("panel", label);
}

/** A clicked (or keyboard-focused) edge: that one relation, both ends.
    One thing is selected at a time: the model selected before is not. */
export function openRelation(container, id, { push }) {
  load(relationUrl(container, id));
  select(container, null);
  selectEdge(container, id);
  if (push) remember("relation", id);
}
