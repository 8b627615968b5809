/* erviz explorer: pan and zoom, panels, highlighting, keyboard, search.
   ES modules, no inline script and no global, so pages work under a strict
   CSP. The page works without this file: nodes are links and forms submit. */

import { Viewport } from "./viewport.js";
import { highlight, linkOf, nodes, ownNode, select, selectEdge } from "./graph.js";
import { openPanel, openRelation } from "./panel.js";
import { onSearchKey } from "./search.js";
import { themeDownload } from "./downloads.js";

/** The viewport of each diagram set up, by its container. */
const viewports = new WeakMap();

function diagram() {
  return document.getElementById("erviz-diagram");
}

function setUp(container) {
  const svg = container && container.querySelector("svg");
  if (!svg || viewports.has(container)) return;
  const viewport = new Viewport(svg, container);
  viewports.set(container, viewport);

  // A click (not a drag) on a model opens its panel instead of the link.
  svg.addEventListener("click", (event) => {
    const node = event.target.closest("g.node[data-model]");
    const edge = event.target.closest("g.edge[data-relation]");
    if (viewport.moved) {
      event.preventDefault();
    } else if (node) {
      event.preventDefault();
      openPanel(container, node.dataset.model, { push: true });
    } else if (edge) {
      event.preventDefault();
      openRelation(container, edge.dataset.relation, { push: true });
    }
  }, true);
  svg.addEventListener("dblclick", (event) => {
    const node = event.target.closest("g.node[data-model]");
    if (node) window.location.href = linkOf(node);
  });
  svg.addEventListener("keydown", (event) => {
    const edge = event.target.closest("g.edge[data-relation]");
    if (edge && event.key === "Enter") {
      event.preventDefault();
      openRelation(container, edge.dataset.relation, { push: true });
      return;
    }
    const node = event.target.closest("g.node");
    if (!node || event.key !== "Enter") return;
    event.preventDefault();
    if (node.dataset.model) openPanel(container, node.dataset.model, { push: true });
    else window.location.href = linkOf(node);
  });
  for (const type of ["mouseover", "focusin"]) {
    svg.addEventListener(type, (event) => {
      const node = event.target.closest("g.node[data-model]");
      if (node) highlight(container, node.dataset.model);
    });
  }
  // An edge reached with the keyboard opens its relation, as a click does.
  svg.addEventListener("focusin", (event) => {
    const edge = event.target.closest("g.edge[data-relation]");
    if (edge && edge.matches(":focus-visible")) {
      openRelation(container, edge.dataset.relation, { push: false });
    }
  });
  for (const type of ["mouseout", "focusout"]) {
    svg.addEventListener(type, (event) => {
      if (event.target.closest("g.node[data-model]")) highlight(container, null);
    });
  }
  const selected = container.dataset.selected;
  if (selected) select(container, selected);
  if (container.dataset.selectedRelation) {
    selectEdge(container, container.dataset.selectedRelation);
  }
  // A narrow screen starts with the legend folded (its title stays).
  const legend = container.querySelector(".erviz-legend");
  if (legend && container.clientWidth < 600) legend.open = false;
  const subject = selected || container.dataset.subject;
  viewport.readableStart(subject && ownNode(container, subject), legend);
}

window.addEventListener("popstate", () => {
  const params = new URL(window.location.href).searchParams;
  const label = params.get("panel");
  const relation = params.get("relation");
  const container = diagram();
  if (relation && container) {
    openRelation(container, relation, { push: false });
  } else if (label && container && nodes(container, label).length) {
    openPanel(container, label, { push: false });
  } else {
    window.location.reload();
  }
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-zoom]");
  const viewport = viewports.get(diagram());
  if (button && viewport) {
    const how = button.dataset.zoom;
    if (how === "fit") viewport.fit();
    else viewport.zoom(how === "in" ? 1.25 : 0.8);
  }
  const download = event.target.closest(".erviz-download a");
  if (download) themeDownload(download);
});

document.addEventListener("change", (event) => {
  const form = event.target.closest("form.erviz-controls");
  if (form) form.requestSubmit();
});

document.addEventListener("keydown", onSearchKey);
document.addEventListener("htmx:afterSettle", () => setUp(diagram()));
// A module runs after the document is parsed.
setUp(diagram());
