/**
 * A QR code as one SVG path, drawn by React (no HTML string, no canvas): the `qrcode` package
 * makes the modules, this turns each dark one into a 1×1 square of the path.
 */
import { create } from 'qrcode';

/** The symbol's width in modules and the path of its dark modules (in module units). */
export type QrShape = { size: number; path: string };

/** The QR code of `text`, at error correction level M (a card survives a crease or a smudge). */
export function qrShape(text: string): QrShape {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return { size: modules.size, path: parts.join('') };
}
