/* Every text of the inline diagram in view: its contrast with what is drawn
   under it (WCAG 2 relative luminance), for tests/test_browser.py. */
() => {
  function rgb(c) {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(",").map(Number);
    if (p.length === 4 && p[3] === 0) return null;
    return p.slice(0, 3);
  }
  function lum([r, g, b]) {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  }
  function ratio(a, b) {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  const container = document.getElementById("erviz-diagram");
  const base = rgb(getComputedStyle(container).backgroundColor) || [255, 255, 255];
  const bad = [];
  let count = 0;
  for (const text of container.querySelectorAll("svg text")) {
    const box = text.getBoundingClientRect();
    if (!box.width || box.bottom < 0 || box.top > innerHeight) continue;
    const fg = rgb(getComputedStyle(text).fill);
    if (!fg) continue;
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    let bg = base;
    for (const el of document.elementsFromPoint(x, y)) {
      if (el === text || el.tagName === "text") continue;
      if (!["path", "polygon", "ellipse", "rect"].includes(el.tagName)) continue;
      const fill = rgb(getComputedStyle(el).fill);
      if (fill) { bg = fill; break; }
    }
    count++;
    const r = ratio(fg, bg);
    if (r < 3) bad.push([text.textContent, r.toFixed(2), fg.join(","), bg.join(",")]);
  }
  return { count, bad: bad.slice(0, 15), badCount: bad.length };
}
