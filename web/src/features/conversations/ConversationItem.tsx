/**
 * One row of the conversation list or of search results: a link (a search hit opens at the
 * matching message), inline rename, and a menu to pin, archive, export or delete.
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Conversation } from '#common/conversations';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { api } from '#web/lib/api';
import { ArchiveIcon, DownloadIcon, MoreIcon, PencilIcon, PinIcon, TrashIcon } from '#web/lib/icons';
import { conversationPath, onLinkClick } from '#web/lib/router';
import { deleteConversation, shownTitle, updateConversation } from './conversations';
import { Highlighted } from './Highlighted';
import { useUser } from '#web/features/auth/session';
import { useLimitText } from '#web/features/limits/limitWords';
import { useTranslation } from 'react-i18next';

type Props = {
  conversation: Conversation;
  active: boolean;
  /** Called after the user picked this conversation (closes the phone drawer). */
  onOpen: () => void;
  /** A search result: shows its snippet and an "Archived" badge, and opens at the matching message. */
  searchHit?: boolean;
};

/** Props: see Props. */
export const ConversationItem = memo(function ConversationItem({
  conversation,
  active,
  onOpen,
  searchHit = false,
}: Props) {
  const { t } = useTranslation('conversations');
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const href = conversationPath(conversation.id, searchHit ? conversation.matchMessageId : null);
  const supervised = useUser().supervised;
  const limitWords = useLimitText();

  useEffect(() => {
    if (!menuOpen) return;
    const onDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('pointerdown', onDown);
  }, [menuOpen]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      // A supervised member's guardians did not allow deleting: say so, and close the question.
      const limit = limitWords(err, 'delete');
      setError(limit ?? errorText(err));
      if (limit) setConfirming(false);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      setMenuOpen(false);
      menuRef.current?.querySelector<HTMLButtonElement>('.conv-more')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    }
  };

  return (
    <li className={`conv-item${active ? ' is-active' : ''}`}>
      {renaming ? (
        <RenameInput
          initial={conversation.title}
          onDone={(title) => {
            setRenaming(false);
            if (title && title !== conversation.title) void run(() => updateConversation(conversation.id, { title }));
          }}
        />
      ) : (
        <a
          href={href}
          className="conv-link"
          data-testid="conversation-item"
          data-conversation-id={conversation.id}
          aria-current={active ? 'page' : undefined}
          onClick={(e) => {
            onLinkClick(e, href);
            onOpen();
          }}
          onDoubleClick={() => setRenaming(true)}
        >
          {conversation.pinned && (
            <>
              <PinIcon size={13} className="conv-pin" />
              <span className="sr-only">{t('pinnedPrefix')} </span>
            </>
          )}
          <span className="conv-title">
            {shownTitle(conversation.title, t('chat:newChat'))}
            {conversation.importedAt && (
              <span className="badge conv-badge" data-testid="imported-badge" title={t('importedTitle')}>
                {t('imported')}
              </span>
            )}
            {searchHit && conversation.archived && (
              <span className="badge conv-badge" data-testid="archived-badge">
                {t('archived')}
              </span>
            )}
          </span>
          {searchHit && conversation.snippet && (
            <Highlighted className="conv-snippet" text={conversation.snippet} ranges={conversation.snippetHighlights} />
          )}
        </a>
      )}
      {!renaming && (
        <div className="conv-actions" ref={menuRef} onKeyDown={onMenuKey}>
          <button
            type="button"
            className="icon-btn conv-more"
            data-testid="conversation-menu"
            aria-label={t('actionsFor', { title: conversation.title })}
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((o) => !o)}
          >
            <MoreIcon size={16} />
          </button>
          {menuOpen && (
            <div className="conv-menu" role="menu">
              <button
                type="button"
                role="menuitem"
                data-testid="conversation-rename"
                onClick={() => (setMenuOpen(false), setRenaming(true))}
              >
                <PencilIcon size={15} /> {t('rename')}
              </button>
              <button
                type="button"
                role="menuitem"
                data-testid="conversation-pin"
                onClick={() => {
                  setMenuOpen(false);
                  void run(() => updateConversation(conversation.id, { pinned: !conversation.pinned }));
                }}
              >
                <PinIcon size={15} /> {conversation.pinned ? t('unpin') : t('pin')}
              </button>
              <button
                type="button"
                role="menuitem"
                data-testid="conversation-archive"
                onClick={() => {
                  setMenuOpen(false);
                  void run(() => updateConversation(conversation.id, { archived: !conversation.archived }));
                }}
              >
                <ArchiveIcon size={15} /> {conversation.archived ? t('unarchive') : t('archive')}
              </button>
              {/* Plain links: the server answers with a file (Content-Disposition: attachment). */}
              <a
                role="menuitem"
                href={api.conversationExportUrl(conversation.id, 'markdown')}
                download
                data-testid="conversation-export-markdown"
                onClick={() => setMenuOpen(false)}
              >
                <DownloadIcon size={15} /> {t('exportMarkdown')}
              </a>
              <a
                role="menuitem"
                href={api.conversationExportUrl(conversation.id, 'json')}
                download
                data-testid="conversation-export-json"
                title={t('exportJsonHint')}
                onClick={() => setMenuOpen(false)}
              >
                <DownloadIcon size={15} /> {t('exportJson')}
              </a>
              <button
                type="button"
                role="menuitem"
                className="is-danger"
                data-testid="conversation-delete"
                onClick={() => (setMenuOpen(false), setConfirming(true))}
              >
                <TrashIcon size={15} /> {t('common:delete')}
              </button>
            </div>
          )}
        </div>
      )}
      {error && (
        <div className="conv-error" role="alert">
          {error}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('deleteTitle')}
        body={
          t('deleteBody', { title: conversation.title }) + (supervised ? ` ${t('limits:deleteSupervisedNote')}` : '')
        }
        confirmLabel={t('common:delete')}
        danger
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          void run(() => deleteConversation(conversation.id)).then((ok) => ok && setConfirming(false));
        }}
      />
    </li>
  );
});

/** The inline title editor: Enter saves, Esc cancels, leaving the field saves. */
function RenameInput({ initial, onDone }: { initial: string; onDone: (title: string | null) => void }) {
  const { t } = useTranslation('conversations');
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(title);
  };
  return (
    <input
      className="input conv-rename"
      data-testid="rename-input"
      aria-label={t('chatTitle')}
      value={value}
      maxLength={200}
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => finish(value.trim() || null)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(value.trim() || null);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
