/* Search: arrows move through the matches, Escape goes back to the box. */

export function onSearchKey(event) {
  const input = document.getElementById("erviz-search-input");
  if (!input) return;
  const links = Array.from(document.querySelectorAll("#erviz-search-results a"));
  const index = links.indexOf(document.activeElement);
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
}
