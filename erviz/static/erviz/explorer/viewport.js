/* Pan and zoom of one diagram: wheel, drag, pinch, the zoom buttons. */

const MIN_SCALE = 0.2;
const MAX_SCALE = 20;
const DRAG_THRESHOLD = 4;

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

  fit() {
    this.view = { ...this.full };
    this.apply();
  }

  zoom(factor, at = this.centre()) {
    const scale = this.full.w / (this.view.w / factor);
    if (scale < MIN_SCALE || scale > MAX_SCALE) return;
    const { x, y, w, h } = this.view;
    this.show(
      at.x - (at.x - x) / factor,
      at.y - (at.y - y) / factor,
      w / factor,
      h / factor,
    );
  }

  centre() {
    const { x, y, w, h } = this.view;
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
      this.container.classList.add("erviz-dragging");
      const rect = this.svg.getBoundingClientRect();
      const meet = Math.max(this.view.w / rect.width, this.view.h / rect.height);
      this.view.x -= dx * meet;
      this.view.y -= dy * meet;
      this.apply();
    }
    this.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  }

  /* A big diagram fitted into the window would have unreadable text: start
     at natural size instead, on the selected model or the top-left corner.
     "Fit" still shows the whole picture. */
  readableStart(selected) {
    const rect = this.svg.getBoundingClientRect();
    const box = this.full;
    if (!rect.width || Math.min(rect.width / box.w, rect.height / box.h) >= 0.7) return;
    let x = box.x;
    let y = box.y;
    if (selected) {
      const around = selected.getBoundingClientRect();
      const meet = Math.max(box.w / rect.width, box.h / rect.height);
      const left = rect.left + (rect.width - box.w / meet) / 2;
      const top = rect.top + (rect.height - box.h / meet) / 2;
      x = box.x + (around.left + around.width / 2 - left) * meet - rect.width / 2;
      y = box.y + (around.top + around.height / 2 - top) * meet - rect.height / 2;
    }
    this.show(x, y, rect.width, rect.height);
  }
}
