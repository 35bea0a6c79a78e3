// router.js - the app's addresses are real paths (/konto, /tilgjengelighet), served by klar
// serve as the same page: navigate() changes the address without a reload, links inside the
// app go through it, and the back button works. Listeners get the new path.
const listeners = new Set();

export function currentPath() {
  return window.location.pathname;
}

export function currentQuery() {
  return new URLSearchParams(window.location.search);
}

export function navigate(to, { replace = false } = {}) {
  if (to === window.location.pathname + window.location.search)
    return;
  if (replace)
    history.replaceState(null, "", to);
  else
    history.pushState(null, "", to);
  for (const fn of listeners)
    fn(currentPath());
}

export function onNavigate(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

window.addEventListener("popstate", () => {
  for (const fn of listeners)
    fn(currentPath());
});

/* A click on a link inside the app: navigate instead of loading the page anew (a new tab,
 * a modified click or another origin go to the browser). */
export function linkClick(event) {
  const a = event.currentTarget;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
      event.shiftKey || event.altKey || a.target || a.origin !== window.location.origin)
    return;
  event.preventDefault();
  navigate(a.pathname + a.search);
}
