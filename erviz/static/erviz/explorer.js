/* erviz explorer: pan and zoom, panels, highlighting, keyboard, search.
   No inline script anywhere, so pages work under a strict CSP. The page
   works without this file: nodes are links and forms submit. */
(function () {
  "use strict";

  function diagram() {
    return document.getElementById("erviz-diagram");
  }

  function setUp(container) {
    var svg = container && container.querySelector("svg");
    if (!svg || svg.dataset.ervizReady) return;
    svg.dataset.ervizReady = "1";
    var box = svg.viewBox.baseVal;
    var full = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: full.x, y: full.y, w: full.w, h: full.h };
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      container.dataset.scale = (full.w / view.w).toFixed(3);
    }
    function toSvg(clientX, clientY) {
      var point = svg.createSVGPoint();
      point.x = clientX;
      point.y = clientY;
      return point.matrixTransform(svg.getScreenCTM().inverse());
    }
    function zoom(factor, at) {
      var scale = full.w / (view.w / factor);
      if (scale < 0.2 || scale > 20) return;
      view = {
        x: at.x - (at.x - view.x) / factor,
        y: at.y - (at.y - view.y) / factor,
        w: view.w / factor,
        h: view.h / factor,
      };
      apply();
    }
    function centre() {
      return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    }
    container.ervizView = function (x, y, w, h) {
      view = { x: x, y: y, w: w, h: h };
      apply();
    };
    container.ervizZoom = function (how) {
      if (how === "fit") {
        view = { x: full.x, y: full.y, w: full.w, h: full.h };
        apply();
      } else {
        zoom(how === "in" ? 1.25 : 0.8, centre());
      }
    };

    svg.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(Math.exp(-event.deltaY * 0.0015), toSvg(event.clientX, event.clientY));
    }, { passive: false });

    // Drag to pan; two pointers pinch to zoom.
    var pointers = new Map();
    var moved = false;
    var pinch = 0;
    svg.addEventListener("pointerdown", function (event) {
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      moved = false;
      if (pointers.size === 2) pinch = spread();
    });
    svg.addEventListener("pointermove", function (event) {
      var last = pointers.get(event.pointerId);
      if (!last) return;
      if (pointers.size === 2) {
        var now = spread();
        if (pinch) zoom(now / pinch, centre());
        pinch = now;
      } else {
        var dx = event.clientX - last.x;
        var dy = event.clientY - last.y;
        if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
        if (!moved) svg.setPointerCapture(event.pointerId);
        moved = true;
        container.classList.add("erviz-dragging");
        var ratio = view.w / svg.getBoundingClientRect().width;
        var meet = Math.max(ratio, view.h / svg.getBoundingClientRect().height);
        view.x -= dx * meet;
        view.y -= dy * meet;
        apply();
      }
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    });
    function release(event) {
      pointers.delete(event.pointerId);
      pinch = 0;
      container.classList.remove("erviz-dragging");
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    function spread() {
      var points = Array.from(pointers.values());
      return Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y);
    }

    // A click (not a drag) on a model opens its panel instead of the link.
    svg.addEventListener("click", function (event) {
      var node = event.target.closest("g.node[data-model]");
      if (moved) {
        event.preventDefault();
        return;
      }
      if (node) {
        event.preventDefault();
        openPanel(node.dataset.model, node, true);
      }
    }, true);
    svg.addEventListener("dblclick", function (event) {
      var node = event.target.closest("g.node[data-model]");
      if (node) window.location.href = modelUrl(node);
    });
    svg.addEventListener("keydown", function (event) {
      var node = event.target.closest("g.node");
      if (!node || event.key !== "Enter") return;
      event.preventDefault();
      if (node.dataset.model) openPanel(node.dataset.model, node, true);
      else window.location.href = modelUrl(node);
    });
    ["mouseover", "focusin"].forEach(function (type) {
      svg.addEventListener(type, function (event) {
        var node = event.target.closest("g.node[data-model]");
        if (node) highlight(container, node.dataset.model);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      svg.addEventListener(type, function (event) {
        if (event.target.closest("g.node[data-model]")) highlight(container, null);
      });
    });
    if (container.dataset.selected) select(container.dataset.selected);
    apply();
    readableStart(svg, container);
  }

  // A big diagram fitted into the window would have unreadable text: start
  // at natural size instead, on the selected model or the top-left corner.
  // "Fit" still shows the whole picture.
  function readableStart(svg, container) {
    var rect = svg.getBoundingClientRect();
    var box = svg.viewBox.baseVal;
    if (!rect.width || Math.min(rect.width / box.width, rect.height / box.height) >= 0.7) {
      return;
    }
    var width = rect.width;
    var height = rect.height;
    var x = box.x;
    var y = box.y;
    var selected = container.dataset.selected &&
      container.querySelector('g.node[data-model="' + CSS.escape(container.dataset.selected) +
        '"][data-stub="false"]');
    if (selected) {
      var around = selected.getBoundingClientRect();
      var scale = box.width / rect.width;
      var meet = Math.max(scale, box.height / rect.height);
      var left = rect.left + (rect.width - box.width / meet) / 2;
      var top = rect.top + (rect.height - box.height / meet) / 2;
      x = box.x + (around.left + around.width / 2 - left) * meet - width / 2;
      y = box.y + (around.top + around.height / 2 - top) * meet - height / 2;
    }
    container.ervizView(x, y, width, height);
  }

  function modelUrl(node) {
    var link = node.querySelector("a");
    return link.getAttribute("href") || link.getAttribute("xlink:href");
  }

  function highlight(container, label) {
    container.querySelectorAll("g.edge.erviz-lit").forEach(function (edge) {
      edge.classList.remove("erviz-lit");
    });
    container.classList.toggle("erviz-focus", Boolean(label));
    if (!label) return;
    var name = CSS.escape(label);
    container.querySelectorAll(
      'g.edge[data-source="' + name + '"], g.edge[data-target="' + name + '"]'
    ).forEach(function (edge) { edge.classList.add("erviz-lit"); });
  }

  function select(label) {
    var container = diagram();
    if (!container) return;
    container.querySelectorAll("g.node.erviz-selected").forEach(function (node) {
      node.classList.remove("erviz-selected");
    });
    container.querySelectorAll('g.node[data-model="' + CSS.escape(label) + '"]')
      .forEach(function (node) { node.classList.add("erviz-selected"); });
  }

  function openPanel(label, node, push) {
    var url = modelUrl(node) + "panel/";
    window.htmx.ajax("GET", url, { target: "#erviz-panel", swap: "innerHTML" });
    select(label);
    if (push) {
      var address = new URL(window.location.href);
      address.searchParams.set("panel", label);
      window.history.pushState({ panel: label }, "", address);
    }
  }

  window.addEventListener("popstate", function () {
    var label = new URL(window.location.href).searchParams.get("panel");
    var container = diagram();
    var node = label && container &&
      container.querySelector('g.node[data-model="' + CSS.escape(label) + '"]');
    if (node) openPanel(label, node, false);
    else window.location.reload();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-zoom]");
    var container = diagram();
    if (button && container && container.ervizZoom) container.ervizZoom(button.dataset.zoom);
    var download = event.target.closest(".erviz-download a");
    if (download && darkMode()) {
      var address = new URL(download.href);
      address.searchParams.set("theme", "dark");
      download.href = address.toString();
    }
  });

  function darkMode() {
    var theme = document.documentElement.dataset.theme;
    if (theme === "dark") return true;
    if (theme === "light") return false;
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.erviz-controls");
    if (form) form.requestSubmit();
  });

  // Search: arrows move through the matches, Escape goes back to the box.
  document.addEventListener("keydown", function (event) {
    var input = document.getElementById("erviz-search-input");
    if (!input) return;
    var links = Array.from(document.querySelectorAll("#erviz-search-results a"));
    var index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === input || index >= 0)) {
      event.preventDefault();
      if (links.length) links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) input.focus();
      else links[index - 1].focus();
    } else if (event.key === "Escape" && (index >= 0 || event.target === input)) {
      input.focus();
      document.getElementById("erviz-search-results").replaceChildren();
    }
  });

  document.addEventListener("htmx:afterSettle", function () { setUp(diagram()); });
  document.addEventListener("DOMContentLoaded", function () { setUp(diagram()); });
  if (document.readyState !== "loading") setUp(diagram());
})();
