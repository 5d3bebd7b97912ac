/**
 * "Import chats…" under the list: pick a Hearth JSON export, or the `conversations.json` of a
 * ChatGPT or Claude.ai data export,
 * and the chats in it join the list. The server checks the whole file first and imports all
 * of it or nothing, so an error here means nothing changed.
 */
import { useRef, useState } from 'react';
import type { Conversation } from '#common/conversations';
import { errorText } from '#web/lib/errors';
import { UploadIcon } from '#web/lib/icons';
import { conversationPath, onLinkClick } from '#web/lib/router';
import { importConversations, MAX_IMPORT_BYTES } from './conversations';
import { useTranslation } from 'react-i18next';
import { numberFormat } from '#web/lib/ui/format';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; name: string }
  | { kind: 'done'; items: Conversation[] }
  | { kind: 'error'; message: string };

function megabytes(bytes: number): string {
  const digits = bytes < 10 * 1024 * 1024 ? 1 : 0;
  const format = numberFormat(`mb${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${format.format(bytes / 1024 / 1024)} MB`;
}

type Props = {
  /** Called after the user opens an imported chat (closes the phone drawer). */
  onOpen: () => void;
  /** `link`: the quiet row under the chat list; `button`: a regular button (Settings). */
  look?: 'link' | 'button';
};

/** Props: see Props. */
export function ImportChats({ onOpen, look = 'link' }: Props) {
  const { t } = useTranslation('conversations');
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const importFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      setStatus({
        kind: 'error',
        message: t('fileTooBig', { name: file.name, size: megabytes(file.size), max: megabytes(MAX_IMPORT_BYTES) }),
      });
      return;
    }
    setStatus({ kind: 'busy', name: file.name });
    try {
      const items = await importConversations(await file.text());
      setStatus({ kind: 'done', items });
    } catch (err) {
      setStatus({ kind: 'error', message: t('nothingImported', { name: file.name, error: errorText(err) }) });
    }
  };

  const first = status.kind === 'done' ? status.items[0] : undefined;
  return (
    <div className={`import-chats is-${look}`}>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = ''; // the same file can be picked again after fixing it
          if (file) void importFile(file);
        }}
      />
      <button
        type="button"
        className={look === 'link' ? 'btn btn-ghost btn-block archived-link' : 'btn'}
        data-testid="import-chats"
        disabled={status.kind === 'busy'}
        title={t('importTitle')}
        onClick={() => input.current?.click()}
      >
        <UploadIcon size={15} /> {status.kind === 'busy' ? t('importing', { name: status.name }) : t('importChats')}
      </button>
      {status.kind === 'done' && (
        <p className="import-status" role="status" data-testid="import-status">
          {t('importedCount', { count: status.items.length })}{' '}
          {first && (
            <a
              href={conversationPath(first.id, null)}
              onClick={(e) => {
                onLinkClick(e, conversationPath(first.id, null));
                onOpen();
                setStatus({ kind: 'idle' });
              }}
            >
              {status.items.length === 1 ? t('openIt') : t('openTitle', { title: first.title })}
            </a>
          )}
        </p>
      )}
      {status.kind === 'error' && (
        <p className="import-status is-error" role="alert" data-testid="import-error">
          {status.message}
        </p>
      )}
    </div>
  );
}
