/**
 * A message's files: photos inline (scaled to fit, a click opens the full size), anything else
 * as a download card with its name and size. Files are served by Hearth to the room's members
 * only, always as downloads for anything that could run as a page.
 */
import { DownloadIcon } from '#web/lib/icons';
import { messagingApi } from './api';
import { fileSize } from './format';
import { FileIcon } from './icons';
import type { Attachment } from './types';

// Only kinds every browser shows as a picture; an SVG is a file to download, never rendered.
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** Props: the files of one message. */
export function Attachments({ items }: { items: readonly Attachment[] }) {
  if (items.length === 0) return null;
  return (
    <div className="attachments">
      {items.map((a) => {
        const url = messagingApi.uploadUrl(a.id);
        if (INLINE.has(a.type)) {
          return (
            <a
              key={a.id}
              href={url}
              target="_blank"
              rel="noopener"
              className="attachment-image"
              data-testid="attachment-image"
            >
              <img src={url} alt={a.name} loading="lazy" />
            </a>
          );
        }
        return (
          <a key={a.id} href={url} download={a.name} className="attachment-file" data-testid="attachment-file">
            <FileIcon size={22} />
            <span className="attachment-meta">
              <span className="attachment-name">{a.name}</span>
              <span className="hint">{fileSize(a.size)}</span>
            </span>
            <DownloadIcon size={16} />
          </a>
        );
      })}
    </div>
  );
}
