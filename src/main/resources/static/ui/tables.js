// Tables wider than their box scroll sideways inside it (.table-scroll): such a box gets a visible hint above it, is
// a named region and takes the keyboard focus, so that it can be scrolled with the arrow keys. Boxes are checked
// whenever the page changes or the window is resized.
const HINT = 'Breite Tabelle: seitlich wischen oder mit den Pfeiltasten verschieben.';

function mark(box) {
  const scrolls = box.scrollWidth > box.clientWidth + 1;
  if (scrolls === box.classList.contains('scrolls')) return;
  box.classList.toggle('scrolls', scrolls);
  const hint = box.previousElementSibling && box.previousElementSibling.classList.contains('scroll-hint') ? box.previousElementSibling : null;
  if (scrolls) {
    const caption = box.querySelector('caption');
    box.setAttribute('tabindex', '0');
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', caption ? `Tabelle: ${caption.textContent}` : 'Tabelle');
    if (!hint) {
      const text = document.createElement('p');
      text.className = 'scroll-hint';
      text.setAttribute('aria-hidden', 'true');
      text.textContent = HINT;
      box.before(text);
    }
  } else {
    box.removeAttribute('tabindex');
    box.removeAttribute('role');
    box.removeAttribute('aria-label');
    if (hint) hint.remove();
  }
}

let pending = false;
function markAll() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    document.querySelectorAll('.table-scroll').forEach(mark);
  });
}

/** Starts watching the page's tables; call once. */
export function watchTables(root) {
  new MutationObserver(markAll).observe(root, { childList: true, subtree: true });
  window.addEventListener('resize', markAll);
  // a <details> with a table opened: its box has a width only now
  root.addEventListener('toggle', markAll, true);
  markAll();
}
