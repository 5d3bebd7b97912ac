/**
 * The first-run guide: three steps on the admin's empty new chat — connect a model server (a
 * detected LM Studio or Ollama with one click, else the admin console's add dialog), add the
 * family (with a sign-in card per person), send a first message. Each step is checked off by
 * the server from what is really there; the guide goes when all are done, or when hidden.
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DetectedServer, FirstRunState } from '#common/first-run';
import { useUser } from '#web/features/auth/session';
import { refreshConnections, useAdminUsers } from '#web/features/admin/admin';
import { ConnectionDialog } from '#web/features/admin/connections/ConnectionDialog';
import { CreateUserDialog } from '#web/features/admin/users/CreateUserDialog';
import { api } from '#web/lib/api';
import { errorText } from '#web/lib/errors';
import { CheckIcon } from '#web/lib/icons';
import { onLinkClick } from '#web/lib/router';
import { queryClient } from '#web/lib/queryClient';
import type { CardPerson } from './SignInCard';
import { firstRunKey, refreshFirstRun, useFirstRun } from './firstrun';
import '#web/lib/ui/page.css';
import './firstrun.css';

const SignInCardDialog = lazy(() => import('./SignInCard'));

type StepProps = { id: string; n: number; done: boolean; title: string; children: ReactNode };

function Step({ id, n, done, title, children }: StepProps) {
  const { t } = useTranslation('firstrun');
  return (
    <li className="first-run-step" data-testid={`first-run-step-${id}`} data-done={done}>
      <span className="first-run-mark" aria-hidden="true">
        {done ? <CheckIcon size={14} /> : n}
      </span>
      <div className="first-run-step-body">
        <strong className="first-run-step-title">
          {title} <span className="sr-only">({done ? t('guide.stepDone') : t('guide.stepTodo')})</span>
        </strong>
        {children}
      </div>
    </li>
  );
}

function AdminLink({ to, testId, children }: { to: string; testId: string; children: ReactNode }) {
  return (
    <a href={to} data-testid={testId} onClick={(event) => onLinkClick(event, to)}>
      {children}
    </a>
  );
}

function ModelsStep({ state }: { state: FirstRunState }) {
  const { t } = useTranslation('firstrun');
  const [dialog, setDialog] = useState(false);
  const add = useMutation({
    mutationFn: (d: DetectedServer) =>
      api.adminCreateConnection({ name: d.name, provider: d.provider, baseUrl: d.baseUrl, enabled: true }),
    onSuccess: () => {
      refreshConnections();
      refreshFirstRun();
    },
  });
  const first = state.servers[0];
  const offered = state.detected.filter((d) => d.connectionId === null);
  const emptyInUse = state.detected.filter((d) => d.connectionId !== null && d.modelCount === 0);
  return (
    <Step id="models" n={1} done={state.steps.models} title={t('models.title')}>
      {first ? (
        <p>{t('models.done', { name: first.name, count: first.modelCount })}</p>
      ) : (
        <>
          {offered.length > 0 ? (
            <ul className="first-run-list" data-testid="first-run-detected">
              {offered.map((d) => (
                <li key={d.baseUrl} data-testid="first-run-detected-server" data-base-url={d.baseUrl}>
                  <span>
                    {d.modelCount > 0
                      ? t('models.found', { name: d.name, count: d.modelCount })
                      : t('models.foundEmpty', { name: d.name })}
                  </span>
                  <button
                    type="button"
                    className="btn btn-sm btn-primary"
                    data-testid="first-run-add-detected"
                    aria-label={t('models.addNamed', { name: d.name })}
                    disabled={add.isPending}
                    onClick={() => add.mutate(d)}
                  >
                    {add.isPending && add.variables === d ? t('models.adding') : t('models.add')}
                  </button>
                </li>
              ))}
            </ul>
          ) : emptyInUse.length > 0 ? (
            emptyInUse.map((d) => <p key={d.baseUrl}>{t('models.inUseEmpty', { name: d.name })}</p>)
          ) : (
            <p data-testid="first-run-nothing-found">{t('models.nothingFound')}</p>
          )}
          {add.isError && (
            <p className="notice notice-error" role="alert">
              {t('models.addFailed', { error: errorText(add.error) })}
            </p>
          )}
          <div className="first-run-actions">
            <button
              type="button"
              className="btn btn-sm"
              data-testid="first-run-open-add"
              onClick={() => setDialog(true)}
            >
              {t('models.manual')}
            </button>
            <AdminLink to="/admin/servers" testId="first-run-servers-link">
              {t('models.all')}
            </AdminLink>
          </div>
        </>
      )}
      <ConnectionDialog
        open={dialog}
        connection={null}
        onClose={() => setDialog(false)}
        onSaved={() => {
          setDialog(false);
          refreshFirstRun();
        }}
      />
    </Step>
  );
}

function FamilyStep({ state, onCard }: { state: FirstRunState; onCard: (p: CardPerson) => void }) {
  const { t } = useTranslation('firstrun');
  const me = useUser();
  const users = useAdminUsers();
  const [creating, setCreating] = useState(false);
  const others = (users.data ?? []).filter((u) => u.id !== me.id);
  return (
    <Step id="family" n={2} done={state.steps.family} title={t('family.title')}>
      <p>{others.length > 0 ? t('family.done', { count: others.length }) : t('family.intro')}</p>
      {others.length > 0 && (
        <ul className="first-run-list" data-testid="first-run-members">
          {others.map((u) => (
            <li key={u.id} data-testid="first-run-member" data-username={u.username}>
              <span>
                {u.displayName || u.username} <span className="row-handle">@{u.username}</span>
              </span>
              <button
                type="button"
                className="btn btn-sm"
                data-testid="first-run-card"
                aria-label={t('family.cardFor', { name: u.displayName || u.username })}
                onClick={() => onCard(u)}
              >
                {t('family.card')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="first-run-actions">
        <button
          type="button"
          className="btn btn-sm btn-primary"
          data-testid="first-run-add-member"
          onClick={() => setCreating(true)}
        >
          {t('family.add')}
        </button>
        <AdminLink to="/admin/users" testId="first-run-users-link">
          {t('family.all')}
        </AdminLink>
      </div>
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          refreshFirstRun();
          onCard(user); // the next thing to hand them
        }}
      />
    </Step>
  );
}

/** Props: none. The guide renders nothing once done or hidden (and while it loads). */
export default function FirstRunGuide() {
  const { t } = useTranslation('firstrun');
  const guide = useFirstRun(true, true);
  const [card, setCard] = useState<CardPerson | null>(null);
  const hide = useMutation({
    mutationFn: () => api.adminUpdateFirstRun({ dismissed: true }),
    onSuccess: (state) => queryClient.setQueryData(firstRunKey, state),
  });
  if (guide.isError) {
    return (
      <p className="notice notice-warn" role="status">
        {t('guide.loadError', { error: errorText(guide.error) })}{' '}
        <button type="button" className="link-btn" onClick={() => void guide.refetch()}>
          {t('guide.retry')}
        </button>
      </p>
    );
  }
  const state = guide.data;
  if (!state?.show) return null;
  return (
    <section className="first-run" data-testid="first-run" aria-labelledby="first-run-title">
      <div className="first-run-head">
        <div>
          <h3 id="first-run-title">{t('guide.title')}</h3>
          <p>{t('guide.intro')}</p>
        </div>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="first-run-hide"
          disabled={hide.isPending}
          onClick={() => hide.mutate()}
        >
          {t('guide.hide')}
        </button>
      </div>
      <ol className="first-run-steps">
        <ModelsStep state={state} />
        <FamilyStep state={state} onCard={setCard} />
        <Step id="message" n={3} done={state.steps.firstMessage} title={t('message.title')}>
          <p>
            {state.steps.firstMessage
              ? t('message.done')
              : state.steps.models
                ? t('message.todo')
                : t('message.needsModels')}
          </p>
        </Step>
      </ol>
      {card && (
        <Suspense fallback={null}>
          <SignInCardDialog person={card} serverAddresses={state.addresses} onClose={() => setCard(null)} />
        </Suspense>
      )}
    </section>
  );
}
