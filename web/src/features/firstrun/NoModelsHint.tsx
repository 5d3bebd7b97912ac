/**
 * One line under an empty model list saying how it gets fixed: for an admin a link straight to
 * the add-a-server dialog, for a member whom to ask, in plain words.
 */
import { useTranslation } from 'react-i18next';
import { useUser } from '#web/features/auth/session';
import { onLinkClick } from '#web/lib/router';
import { ADD_SERVER_PATH } from './firstrun';

const SERVERS_PATH = '/admin/servers';

type Props = {
  /** The admin's name to ask (from the models reply), when the server gave one. */
  askAdmin?: string | null | undefined;
  /** Whether any model server is set up: then it is down (check it), else one is missing (add one). */
  anyServer?: boolean;
};

/** Props: see Props. */
export function NoModelsHint({ askAdmin, anyServer = false }: Props) {
  const { t } = useTranslation('firstrun');
  const user = useUser();
  if (user.role === 'admin') {
    const to = anyServer ? SERVERS_PATH : ADD_SERVER_PATH;
    return (
      <a
        href={to}
        className="no-models-fix"
        data-testid={anyServer ? 'no-models-check-servers' : 'no-models-add-server'}
        onClick={(event) => onLinkClick(event, to)}
      >
        {anyServer ? t('noModels.checkServers') : t('noModels.addServer')}
      </a>
    );
  }
  return (
    <span className="no-models-fix">
      {askAdmin ? t('noModels.askAdmin', { name: askAdmin }) : t('noModels.askSomeone')}
    </span>
  );
}

/** "Add a model server" as a button, for the Model servers tab's empty list (opens its dialog). */
export function AddServerButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('firstrun');
  return (
    <button type="button" className="link-btn" data-testid="connections-empty-add" onClick={onClick}>
      {t('noModels.addServer')}
    </button>
  );
}
