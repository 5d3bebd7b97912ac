import { helpCopyByHand } from './copyByHand';

/**
 * Copies text; when it cannot, selects the text where it is shown and says how to copy it by hand. `navigator.clipboard` exists only in secure contexts (HTTPS or localhost), and a
 * home server is often reached over plain http://192.168.…, so fall back to a hidden textarea.
 */
export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the legacy path
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    // Deprecated but the only way without a secure context.
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (!ok) helpCopyByHand(text);
  return ok;
}
