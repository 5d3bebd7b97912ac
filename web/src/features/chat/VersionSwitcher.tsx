/** `‹ 2 / 3 ›`: switches between the versions of a message (edits, regenerated replies). */
import { ChevronRightIcon } from '#web/lib/icons';
import { useTranslation } from 'react-i18next';

/** What a message needs to show the switcher. */
export type VersionProps = {
  /** Every version of the message, itself included, oldest first; undefined when it has no other. */
  versions?: string[] | undefined;
  /** Shows another version; undefined while switching is impossible (a reply is being written). */
  onSwitch?: ((versionId: string) => void) | undefined;
};

/** Props: the message and its versions. */
export function VersionSwitcher({
  messageId,
  versions,
  onSwitch,
}: VersionProps & { messageId: string; versions: string[] }) {
  const { t } = useTranslation('chat');
  const index = versions.indexOf(messageId);
  if (index === -1 || versions.length < 2) return null;
  const go = (to: number) => {
    const id = versions[to];
    if (id && onSwitch) onSwitch(id);
  };
  return (
    <div
      className="versions"
      role="group"
      aria-label={t('versionOf', { index: index + 1, count: versions.length })}
      data-testid="versions"
    >
      <button
        type="button"
        className="icon-btn versions-btn is-prev"
        data-testid="version-prev"
        aria-label={t('previousVersion')}
        title={t('previousVersion')}
        disabled={!onSwitch || index === 0}
        onClick={() => go(index - 1)}
      >
        <ChevronRightIcon size={16} />
      </button>
      <span className="versions-label" data-testid="version-label" aria-hidden="true">
        {index + 1} / {versions.length}
      </span>
      <button
        type="button"
        className="icon-btn versions-btn"
        data-testid="version-next"
        aria-label={t('nextVersion')}
        title={t('nextVersion')}
        disabled={!onSwitch || index === versions.length - 1}
        onClick={() => go(index + 1)}
      >
        <ChevronRightIcon size={16} />
      </button>
    </div>
  );
}
