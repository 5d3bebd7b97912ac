/**
 * When copying by button fails (no secure context, and the old fallback refused too): select
 * the text on screen where it is shown, and say in plain words how to copy it by hand.
 */
import { i18next } from '#web/lib/i18n';
import './copyByHand.css';

/** The smallest element on the page whose text is exactly `text` (the code or token shown). */
function shownAt(text: string): Element | null {
  const wanted = text.trim();
  if (!wanted) return null;
  let best: Element | null = null;
  for (const el of document.querySelectorAll('#root code, #root pre')) {
    if (el.textContent?.trim() === wanted && (!best || best.contains(el))) best = el;
  }
  return best;
}

let toast: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Shows a short message at the bottom of the screen (outside React's tree), read out politely. */
function say(words: string): void {
  if (!toast) {
    toast = document.createElement('div');
    toast.className = 'a11y-toast';
    toast.setAttribute('role', 'status');
    toast.dataset.testid = 'copy-by-hand';
    document.body.appendChild(toast);
  }
  toast.textContent = words;
  clearTimeout(timer);
  timer = setTimeout(() => {
    toast?.remove();
    toast = null;
  }, 8000);
}

/** Selects `text` where it is shown (if it is) and tells the member how to copy it themselves. */
export function helpCopyByHand(text: string): void {
  const el = shownAt(text);
  if (el) {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
  const how = el ? 'selected' : 'notShown';
  say(i18next.t(globalThis.isSecureContext !== false ? `a11y:copy.${how}` : `a11y:copy.insecure.${how}`));
}
