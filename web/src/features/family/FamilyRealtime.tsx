/**
 * The family feature's live part, mounted once behind the sign-in: `family.flag` (refresh, a
 * toast, a browser notification), `family.updated` (refresh), and for a supervised member
 * `supervision.changed` (refresh and a dismissible announcement) and every finished reply
 * (what is left today moved).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FamilyReply, SafetyFlag } from '#common/family';
import { useUser } from '#web/features/auth/session';
import { queryClient } from '#web/lib/queryClient';
import { useRealtimeDispatcher } from '#web/lib/realtime/context';
import { navigate } from '#web/lib/router';
import { familyKeys, refreshFamily } from './family';
import { familyPath } from './paths';
import { nameOf } from './format';
import { notifyFlag } from './notify';
import './family.css';

type Toast = { id: string; childId: string; childName: string; flag: SafetyFlag; urgent: boolean };

const TOAST_MS = 12_000;

function childName(childId: string): string {
  const entry = queryClient.getQueryData<FamilyReply>(familyKeys.list)?.items.find((e) => e.user.id === childId);
  return entry ? nameOf(entry.user) : '';
}

function FlagToast({ toast, onDismiss }: { toast: Toast; onDismiss: (id: string) => void }) {
  const { t } = useTranslation('family');
  const onClose = () => onDismiss(toast.id);
  useEffect(() => {
    if (toast.urgent) return; // an urgent flag stays until the guardian closes it
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id, toast.urgent, onDismiss]);
  const name = toast.childName || t('toast.someone');
  return (
    <div
      className={`family-toast${toast.urgent ? ' is-urgent' : ''}`}
      role={toast.urgent ? 'alert' : 'status'}
      data-testid="family-toast"
      data-urgent={toast.urgent ? 'true' : 'false'}
    >
      <strong>{toast.urgent ? t('toast.urgentTitle', { name }) : t('toast.title', { name })}</strong>
      <span>
        {t(`category.${toast.flag.category}`)} · {t(`direction.${toast.flag.direction}`)}
      </span>
      {toast.urgent && <span>{t('toast.urgentBody')}</span>}
      <div className="family-toast-actions">
        <button
          type="button"
          className="btn btn-sm btn-primary"
          data-testid="family-toast-open"
          onClick={() => {
            navigate(familyPath(toast.childId));
            onClose();
          }}
        >
          {t('toast.open')}
        </button>
        <button type="button" className="btn btn-sm" onClick={onClose}>
          {t('toast.close')}
        </button>
      </div>
    </div>
  );
}

/** The announcement a supervised member gets when what their guardians see changes. */
function SupervisionBanner({ transcripts, onClose }: { transcripts: boolean; onClose: () => void }) {
  const { t } = useTranslation('family');
  return (
    <div className="family-banner" role="status" data-testid="supervision-changed">
      <span>{transcripts ? t('changed.transcriptsOn') : t('changed.other')}</span>
      <button type="button" className="btn btn-sm" data-testid="supervision-changed-close" onClick={onClose}>
        {t('changed.ok')}
      </button>
    </div>
  );
}

/** Registers the family events and shows their toasts and banners. */
export function FamilyRealtime() {
  const user = useUser();
  const dispatcher = useRealtimeDispatcher();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [changed, setChanged] = useState<{ transcripts: boolean } | null>(null);
  const dismiss = useCallback((id: string) => setToasts((list) => list.filter((x) => x.id !== id)), []);

  useEffect(
    () =>
      dispatcher.register({
        'family.flag': (e) => {
          refreshFamily();
          const name = childName(e.childId);
          setToasts((list) => [
            ...list.filter((x) => x.flag.id !== e.flag.id).slice(-3),
            { id: e.flag.id, childId: e.childId, childName: name, flag: e.flag, urgent: e.urgent },
          ]);
          notifyFlag({
            childName: name,
            flag: e.flag,
            urgent: e.urgent,
            open: () => navigate(familyPath(e.childId)),
          });
        },
        'family.updated': () => refreshFamily(),
        'supervision.changed': (e) => {
          void queryClient.invalidateQueries({ queryKey: familyKeys.supervision });
          setChanged({ transcripts: e.fullTranscripts });
        },
        'generation.done': () => {
          if (user.supervised) void queryClient.invalidateQueries({ queryKey: familyKeys.supervision });
        },
        reconnected: () => {
          refreshFamily();
          void queryClient.invalidateQueries({ queryKey: familyKeys.supervision });
        },
      }),
    [dispatcher, user.supervised],
  );

  return (
    <>
      {changed && <SupervisionBanner transcripts={changed.transcripts} onClose={() => setChanged(null)} />}
      {toasts.length > 0 && (
        <div className="family-toasts">
          {toasts.map((toast) => (
            <FlagToast key={toast.id} toast={toast} onDismiss={dismiss} />
          ))}
        </div>
      )}
    </>
  );
}
