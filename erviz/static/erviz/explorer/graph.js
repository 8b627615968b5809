/* Finding, selecting and highlighting models in a drawn diagram. */

export function nodes(container, label) {
  return container.querySelectorAll(`g.node[data-model="${CSS.escape(label)}"]`);
}

/** The model's own box (not a stub standing for it beside another app). */
export function ownNode(container, label) {
  return container.querySelector(
    `g.node[data-model="${CSS.escape(label)}"][data-stub="false"]`,
  );
}

/** Where a node's own link goes: its model's (or app's) page. */
export function linkOf(node) {
  const link = node.querySelector("a");
  return link.getAttribute("href") || link.getAttribute("xlink:href");
}

/** Mark model ``label`` (none for null) as the one shown. */
export function select(container, label) {
  container.querySelectorAll("g.node.erviz-selected")
    .forEach((node) => node.classList.remove("erviz-selected"));
  if (label) nodes(container, label).forEach((node) => node.classList.add("erviz-selected"));
}

/** Light up the edges of ``label`` (none for null). */
export function highlight(container, label) {
  container.querySelectorAll("g.edge.erviz-lit")
    .forEach((edge) => edge.classList.remove("erviz-lit"));
  container.classList.toggle("erviz-focus", Boolean(label));
  if (!label) return;
  const name = CSS.escape(label);
  container.querySelectorAll(`g.edge[data-source="${name}"], g.edge[data-target="${name}"]`)
    .forEach((edge) => edge.classList.add("erviz-lit"));
}

/** Mark the edge of relation ``id`` (none for null) as the one shown. */
export function selectEdge(container, id) {
  container.querySelectorAll("g.edge.erviz-selected")
    .forEach((edge) => edge.classList.remove("erviz-selected"));
  if (!id) return;
  container.querySelectorAll(`g.edge[data-relation="${CSS.escape(id)}"]`)
    .forEach((edge) => edge.classList.add("erviz-selected"));
}
