/* Pan and zoom of one diagram: wheel, drag, pinch, the zoom buttons. */

/* Zooming out stops when the whole picture is a fifth of the window;
   zooming in, at 8 screen pixels per diagram unit (text ten times its
   size), however big the picture: a 5,000-model picture fitted in the
   window can still be read when zoomed in. */
const MIN_SCALE = 0.2;
const MAX_PIXELS_PER_UNIT = 8;
const DRAG_THRESHOLD = 4;
/* Diagram units of room kept around the subject of a page. */
const SUBJECT_MARGIN = 24;

export class Viewport {
  constructor(svg, container) {
    this.svg = svg;
    this.container = container;
    const box = svg.viewBox.baseVal;
    this.full = { x: box.x, y: box.y, w: box.width, h: box.height };
    this.view = { ...this.full };
    this.pointers = new Map();
    this.pinch = 0;
    /** True while a pointer has moved far enough to be a drag, not a click. */
    this.moved = false;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    this.listen();
    this.apply();
  }

  apply() {
    const { x, y, w, h } = this.view;
    this.svg.setAttribute("viewBox", [x, y, w, h].join(" "));
    this.container.dataset.scale = (this.full.w / w).toFixed(3);
  }

  show(x, y, w, h) {
    this.view = { x, y, w, h };
    this.apply();
  }

  /** Screen pixels per diagram unit for a view of ``w`` x ``h`` units. */
  pixelsPerUnit(w = this.view.w, h = this.view.h) {
    const rect = this.svg.getBoundingClientRect();
    return Math.min(rect.width / w, rect.height / h);
  }

  /* The whole picture, whatever its size (zoom in to read a big one). */
  fit() {
    this.release();
    this.container.removeAttribute("data-clipped");
    this.view = { ...this.full };
    this.apply();
  }

  zoom(factor, at = this.centre()) {
    this.release();
    this.container.removeAttribute("data-clipped");
    const scale = this.full.w / (this.view.w / factor);
    const pixels = this.pixelsPerUnit(this.view.w / factor, this.view.h / factor);
    if (factor < 1 && scale < MIN_SCALE) return;
    if (factor > 1 && pixels > MAX_PIXELS_PER_UNIT) return;
    const { x, y, w, h } = this.view;
    this.show(
      at.x - (at.x - x) / factor,
      at.y - (at.y - y) / factor,
      w / factor,
      h / factor,
    );
  }

  centre(view = this.view) {
    const { x, y, w, h } = view;
    return { x: x + w / 2, y: y + h / 2 };
  }

  toSvg(clientX, clientY) {
    const point = this.svg.createSVGPoint();
    point.x = clientX;
    point.y = clientY;
    return point.matrixTransform(this.svg.getScreenCTM().inverse());
  }

  spread() {
    const [a, b] = Array.from(this.pointers.values());
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  listen() {
    const svg = this.svg;
    svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      this.zoom(Math.exp(-event.deltaY * 0.0015), this.toSvg(event.clientX, event.clientY));
    }, { passive: false });
    // Drag to pan; two pointers pinch to zoom.
    svg.addEventListener("pointerdown", (event) => {
      this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      this.moved = false;
      if (this.pointers.size === 2) this.pinch = this.spread();
    });
    svg.addEventListener("pointermove", (event) => this.move(event));
    const release = (event) => {
      this.pointers.delete(event.pointerId);
      this.pinch = 0;
      this.container.classList.remove("erviz-dragging");
    };
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
  }

  move(event) {
    const last = this.pointers.get(event.pointerId);
    if (!last) return;
    if (this.pointers.size === 2) {
      const now = this.spread();
      if (this.pinch) this.zoom(now / this.pinch);
      this.pinch = now;
    } else {
      const dx = event.clientX - last.x;
      const dy = event.clientY - last.y;
      if (!this.moved && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) return;
      if (!this.moved) this.svg.setPointerCapture(event.pointerId);
      this.moved = true;
      this.release();
      this.container.classList.add("erviz-dragging");
      const rect = this.svg.getBoundingClientRect();
      const meet = Math.max(this.view.w / rect.width, this.view.h / rect.height);
      this.view.x -= dx * meet;
      this.view.y -= dy * meet;
      this.apply();
    }
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  }

  /* The scale (screen pixels per diagram unit) at which the median of
     ``sizes`` is 11 px and nine in ten are 9 px or more. */
  static scaleFor(sizes) {
    if (!sizes.length) return 1;
    sizes.sort((a, b) => a - b);
    const median = sizes[Math.floor(sizes.length / 2)];
    const tenth = sizes[Math.floor(sizes.length / 10)];
    return Math.max(1, 11 / median, 9 / tenth);
  }

  /** Each text's centre (diagram units) and font size. */
  texts() {
    return Array.from(this.svg.querySelectorAll("text"), (text) => {
      const box = text.getBoundingClientRect();
      const centre = this.toSvg(box.left + box.width / 2, box.top + box.height / 2);
      return { x: centre.x, y: centre.y, size: parseFloat(text.getAttribute("font-size")) };
    }).filter((text) => text.size > 0);
  }

  /* The first view. A picture that fits the window with readable text is
     shown whole. Else the view starts at a scale where the text in view is
     readable (median 11 px, nine in ten 9 px or more), around the page's
     subject (``subject``: its model, a cascade's root) or else where the
     most text is; the subject is shown whole even if that needs a smaller
     scale, in the part of the window the page shows (below the legend,
     above the fold), and the container says this is part of the picture. */
  readableStart(subject, legend = null) {
    const rect = this.svg.getBoundingClientRect();
    if (!rect.width) return;
    const box = this.full;
    const texts = this.texts();
    let scale = Viewport.scaleFor(texts.map((text) => text.size));
    if (this.pixelsPerUnit(box.w, box.h) >= scale) return; // it fits, readable
    const area = Viewport.shownArea(rect, legend);
    const target = subject ? this.boxOf(subject) : null;
    const centre = target
      ? { x: target.x + target.w / 2, y: target.y + target.h / 2 }
      : Viewport.busiest(texts, area.w / scale, area.h / scale, box);
    const region = (scale) => {
      const w = rect.width / scale;
      const h = rect.height / scale;
      // The centre sits in the middle of the shown area, not of the element.
      const dx = (area.x + area.w / 2 - rect.left) / scale;
      const dy = (area.y + area.h / 2 - rect.top) / scale;
      return { x: centre.x - dx, y: centre.y - dy, w, h };
    };
    // The texts in view decide (a corner may hold only the small legend).
    for (let round = 0; round < 3; round += 1) {
      const { x, y, w, h } = region(scale);
      const shown = texts
        .filter((t) => t.x >= x && t.x <= x + w && t.y >= y && t.y <= y + h)
        .map((t) => t.size);
      const needed = Viewport.scaleFor(shown);
      if (needed <= scale * 1.001) break;
      scale = needed;
    }
    if (target) {
      // The whole subject inside the shown area, whatever the text size.
      const whole = Math.min(
        area.w / (target.w + 2 * SUBJECT_MARGIN),
        area.h / (target.h + 2 * SUBJECT_MARGIN),
      );
      scale = Math.min(scale, whole);
    }
    scale *= 1.01; // (rounding in the browser's matrices)
    const { x, y, w, h } = region(scale);
    this.container.setAttribute("data-clipped", "");
    this.hold(scale, { x: x + w / 2, y: y + h / 2 });
  }

  /** A node's box, in diagram units. */
  boxOf(node) {
    const box = node.getBoundingClientRect();
    const a = this.toSvg(box.left, box.top);
    const b = this.toSvg(box.right, box.bottom);
    return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y };
  }

  /* The part of the element ``rect`` the reader sees first (screen
     pixels): below the legend laid over its top, above the window's
     bottom edge when the element reaches past it. */
  static shownArea(rect, legend) {
    let top = rect.top;
    const cover = legend && legend.getBoundingClientRect();
    if (cover && cover.height && cover.bottom < rect.bottom - 120) top = cover.bottom;
    const bottom = Math.min(rect.bottom, Math.max(window.innerHeight, top + 120));
    return { x: rect.left, y: top, w: rect.width, h: Math.max(bottom - top, 60) };
  }

  /* The centre of the w × h window, inside ``box``, that holds the most
     texts (the first such from the top left). */
  static busiest(texts, w, h, box) {
    const clamp = (v, low, size, span) =>
      span >= size ? low + size / 2 : Math.min(Math.max(v, low + span / 2), low + size - span / 2);
    let best = { x: clamp(box.x, box.x, box.w, w), y: clamp(box.y, box.y, box.h, h) };
    let most = -1;
    for (const text of texts) {
      const x = clamp(text.x + w / 2 - w / 4, box.x, box.w, w);
      const y = clamp(text.y + h / 2 - h / 4, box.y, box.h, h);
      const inside = texts.filter(
        (t) => Math.abs(t.x - x) <= w / 2 && Math.abs(t.y - y) <= h / 2,
      ).length;
      if (inside > most) {
        most = inside;
        best = { x, y };
      }
    }
    return best;
  }

  /* Show ``scale`` pixels per unit around ``centre``, and keep doing so as
     the element's size settles (the page's layout, a window resize) until
     the user moves the view. */
  hold(scale, centre) {
    const place = () => {
      const rect = this.svg.getBoundingClientRect();
      const w = rect.width / scale;
      const h = rect.height / scale;
      this.show(centre.x - w / 2, centre.y - h / 2, w, h);
    };
    place();
    this.release();
    this.observer = new ResizeObserver(place);
    this.observer.observe(this.svg);
  }

  /** The user moved the view: stop holding the start view. */
  release() {
    if (this.observer) this.observer.disconnect();
    this.observer = null;
  }
}
