// Live reload for `rajat serve`; added to pages only while serving.
//
// Listens to the server's events: reloads the page (keeping the scroll
// position), swaps stylesheets in place when only CSS changed, and shows a
// build error over the page until it is fixed. Reconnects on its own when the
// server restarts, and reloads then, since the site may have changed.

const SCROLL_KEY = "rajat:scroll:" + location.pathname;
let serverId = null;
let overlay = null;

function restoreScroll() {
  const saved = sessionStorage.getItem(SCROLL_KEY);
  if (saved === null) return;
  sessionStorage.removeItem(SCROLL_KEY);
  const [x, y] = saved.split(",").map(Number);
  if (Number.isFinite(x) && Number.isFinite(y)) window.scrollTo(x, y);
}

function reload() {
  sessionStorage.setItem(SCROLL_KEY, `${window.scrollX},${window.scrollY}`);
  location.reload();
}

function swapStylesheets() {
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    const url = new URL(link.href);
    if (url.origin !== location.origin) continue;
    url.searchParams.set("rajat-reload", Date.now().toString(36));
    const fresh = link.cloneNode();
    fresh.href = url.href;
    fresh.addEventListener("load", () => link.remove(), { once: true });
    fresh.addEventListener("error", () => fresh.remove(), { once: true });
    link.after(fresh);
  }
}

function showError(text) {
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.setAttribute("role", "alert");
    overlay.className = "rajat-error-overlay";
    Object.assign(overlay.style, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 16, 14, 0.94)", color: "#fbe9e3", padding: "2rem",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    });
    const title = document.createElement("p");
    title.textContent = "rajat: the last change does not build. Still showing the last good version; fix the problem and save.";
    Object.assign(title.style, { font: "600 16px/1.4 system-ui, sans-serif", margin: "0 0 1rem", color: "#ffb4a1" });
    const pre = document.createElement("pre");
    // Every property a site's stylesheet may give `pre` is set here, so the
    // message reads the same on any theme, light or dark.
    Object.assign(pre.style, {
      whiteSpace: "pre-wrap", margin: "0", padding: "0", border: "0", borderRadius: "0",
      background: "transparent", color: "inherit", font: "inherit", overflow: "visible",
    });
    overlay.append(title, pre);
    document.body.append(overlay);
  }
  overlay.querySelector("pre").textContent = text;
}

function clearError() {
  overlay?.remove();
  overlay = null;
}

function connect() {
  const events = new EventSource("/rajat/events");
  events.addEventListener("hello", (e) => {
    // A different server id means the server restarted: the site may have changed.
    if (serverId !== null && serverId !== e.data) reload();
    serverId = e.data;
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", swapStylesheets);
  events.addEventListener("build-error", (e) => {
    if (typeof e.data === "string") showError(e.data);
  });
  events.addEventListener("ok", clearError);
}

restoreScroll();
connect();
