/* Edge end labels of the inline diagram that overlap another label or a
   model box, measured on the rendered SVG (user units), for
   tests/test_browser.py. */
() => {
  const svg = document.querySelector("#erviz-diagram svg");
  const shrink = (b, by) => ({
    x0: b.x + by, y0: b.y + by, x1: b.x + b.width - by, y1: b.y + b.height - by,
  });
  const meets = (a, b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  const labels = [];
  for (const edge of svg.querySelectorAll("g.edge")) {
    for (const text of edge.querySelectorAll("text")) {
      // Glyph boxes include the line's leading: half a point in from each side.
      labels.push({ name: text.textContent, box: shrink(text.getBBox(), 0.5) });
    }
  }
  const boxes = [];
  for (const node of svg.querySelectorAll("g.node")) {
    const shape = node.querySelector("polygon, path, ellipse");
    if (shape) boxes.push({ name: node.id, box: shrink(shape.getBBox(), 0.5) });
  }
  const found = [];
  labels.forEach((label, i) => {
    for (const other of labels.slice(i + 1)) {
      if (meets(label.box, other.box)) found.push(`${label.name} / ${other.name}`);
    }
    for (const box of boxes) {
      if (meets(label.box, box.box)) found.push(`${label.name} / ${box.name}`);
    }
  });
  return { labels: labels.length, overlaps: found };
}
