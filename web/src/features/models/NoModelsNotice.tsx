/** Shown when no model answers: what to do about it — for a member, whom to ask; for an admin, where to fix it. */
import { AlertIcon } from '#web/lib/icons';
import type { ModelsReply } from '#common/models';
import { onLinkClick } from '#web/lib/router';
import { NoModelsHint } from '#web/features/firstrun/NoModelsHint';
import './models.css';
import { useTranslation } from 'react-i18next';

const MODEL_SERVERS_PATH = '/admin/servers';

/** Props: the models reply (for an admin its servers say why they are down; a member's name whom to ask). */
export function NoModelsNotice({ reply, isAdmin }: { reply: ModelsReply; isAdmin: boolean }) {
  const { t } = useTranslation('models');
  const down = reply.servers.filter((s) => !s.reachable);
  if (!isAdmin) {
    return (
      <div className="no-models" role="status" data-testid="no-models">
        <AlertIcon size={20} />
        <div>
          <strong>{t('memberTitle')}</strong>
          <p>{t('memberBody', { admin: reply.askAdmin ?? t('whoeverRunsHearth') })}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="no-models" role="status" data-testid="no-models">
      <AlertIcon size={20} />
      <div>
        <strong>{t('adminTitle')}</strong>
        <p>
          {t('adminBodyStart')}{' '}
          <a
            href={MODEL_SERVERS_PATH}
            data-testid="no-models-fix"
            onClick={(event) => onLinkClick(event, MODEL_SERVERS_PATH)}
          >
            {t('adminBodyLink')}
          </a>
          {t('adminBodyEnd')}
        </p>
        {reply.servers.length === 0 && <NoModelsHint />}
        {down.length > 0 && (
          <ul>
            {down.map((s) => (
              <li key={s.connectionId}>
                <strong>{s.name}</strong>
                {s.baseUrl ? ` (${s.baseUrl})` : ''}: {s.error ?? t('didNotAnswer')}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
