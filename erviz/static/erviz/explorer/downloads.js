/* A download in the admin's dark theme is drawn in the dark palette. */

function darkMode() {
  const theme = document.documentElement.dataset.theme;
  if (theme === "dark") return true;
  if (theme === "light") return false;
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function themeDownload(link) {
  if (!darkMode()) return;
  const address = new URL(link.href);
  address.searchParams.set("theme", "dark");
  link.href = address.toString();
}
