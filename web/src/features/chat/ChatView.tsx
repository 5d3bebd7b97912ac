/** The right panel: header (title, model picker), the messages or a welcome, and the composer. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18next } from '#web/lib/i18n';
import { errorText, isNotFound } from '#web/lib/errors';
import { blockedCategory, ContentBlockedNotice } from '#web/features/filter/BlockedNotice';
import { keys } from '#web/lib/keys';
import { MenuIcon } from '#web/lib/icons';
import { navigate } from '#web/lib/router';
import { useUser } from '#web/features/auth/session';
import { ModelPicker } from '#web/features/models/ModelPicker';
import { NoModelsNotice } from '#web/features/models/NoModelsNotice';
import { SupervisionLine } from '#web/features/family/SupervisionNotice';
import { AdminWarnings } from '#web/features/admin/warnings/AdminWarnings';
import { FirstRun } from '#web/features/firstrun/FirstRun';
import { chooseModel, resolveModel, useModels } from '#web/features/models/models';
import { api } from '#web/lib/api';
import { queryClient } from '#web/lib/queryClient';
import type { ConversationDetail } from '#common/conversations';
import { Composer, type ComposerHandle } from './Composer';
import { TaskPicker } from './TaskPicker';
import { getNextTask, resolveTask, setNextTask, useTasks } from './tasks';
import { MessageList, type MessageListHandle } from './MessageList';
import { MessagesSkeleton, Welcome } from './Welcome';
import { branchView, type BranchView } from './detail';
import { fetchConversation, switchVersion } from './paging';
import { useChat, usePendingSend } from './ChatContext';
import { useLimitText } from '#web/features/limits/limitWords';
import { rememberLastConversation, resumed } from './lastConversation';
import { shownTitle } from '#web/features/conversations/conversations';
import './chat.css';
import './message.css';

type Props = {
  conversationId: string | null;
  onOpenDrawer: () => void;
  /** Open scrolled to this message (a search hit, a `/c/:id?m=<messageId>` link). */
  focusMessageId?: string | null;
};

const NO_MESSAGES: BranchView = { messages: [], hasMore: false, oldestId: null };

/** Props: the open conversation (null: a new chat), the phone drawer opener, a message to show. */
export function ChatView({ conversationId, onOpenDrawer, focusMessageId = null }: Props) {
  const { t } = useTranslation('chat');
  const user = useUser();
  const tasks = useTasks();
  const [pickedTask, setPickedTask] = useState<string | null>(getNextTask);
  const [taskNotice, setTaskNotice] = useState<string | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const list = useRef<MessageListHandle>(null);
  const [creating, setCreating] = useState(false);
  // `blocked`: the family-safety filter's category when it refused the message (422 content_blocked).
  const [error, setError] = useState<{ conversationId: string | null; text: string; blocked?: string } | null>(null);
  const [pickedModel, setPickedModel] = useState<string | null>(null);
  const chat = useChat();
  const { live, reattach, regenerateReply, editAndResend } = chat;

  const detail = useQuery({
    queryKey: keys.conversation(conversationId ?? ''),
    // The newest page of the active branch; older pages load as the list scrolls up.
    queryFn: ({ signal }) => fetchConversation(conversationId!, signal),
    enabled: !!conversationId,
  });
  const conversation = conversationId ? detail.data?.conversation : undefined;
  // The chat's own task; a new chat's is the one picked (or the default).
  const taskId = conversationId ? (conversation?.taskId ?? null) : resolveTask(tasks.data?.items, pickedTask);
  const task = tasks.data?.items.find((x) => x.id === taskId);
  // Only the task's models: the server refuses any other (403 model_not_allowed).
  const models = useModels(taskId);
  const view = useMemo(
    () => (conversationId && detail.data ? branchView(detail.data) : NO_MESSAGES),
    [conversationId, detail.data],
  );
  const messages = view.messages;
  const streamingReply = messages.findLast((m) => m.role === 'assistant' && m.status === 'streaming') ?? null;
  const pending = usePendingSend(conversationId);
  const busy = creating || pending || !!streamingReply;

  // Reload mid-stream: follow replies still being written that nobody here is following.
  useEffect(() => {
    if (!conversationId) return;
    for (const m of messages) {
      if (m.role === 'assistant' && m.status === 'streaming' && !live.has(m.id) && !live.isOwned(m.id)) {
        void reattach(m.id, conversationId);
      }
    }
  }, [conversationId, messages, live, reattach]);

  useEffect(() => {
    if (conversationId && detail.isSuccess) rememberLastConversation(conversationId);
    if (conversationId && isNotFound(detail.error)) {
      rememberLastConversation(null);
      if (resumed.id === conversationId) navigate('/', { replace: true }); // gone since last visit
    }
  }, [conversationId, detail.isSuccess, detail.error]);

  useEffect(() => {
    document.title = conversation ? `${shownTitle(conversation.title, t('newChat'))} · Hearth` : 'Hearth';
  }, [conversation, t]);

  const inTask = (id: string | null | undefined) => (id && models.data?.items.some((m) => m.id === id) ? id : null);
  const chosen = resolveModel(
    models.data,
    conversation?.model ?? (conversationId ? null : inTask(pickedModel)),
    inTask(task?.defaultModel) ?? inTask(user.settings.defaultModel),
  );
  const noModels = models.data && !models.data.items.some((m) => m.available);
  let disabledReason: string | null = null;
  if (noModels) disabledReason = user.role === 'admin' ? t('noModelServer') : t('assistantUnavailable');
  else if (models.data && chosen.id && !chosen.model?.available) {
    disabledReason = t('modelUnavailable', { model: chosen.model?.name ?? chosen.id });
  }

  // Quiet hours, daily budgets, what guardians did not allow: the child's own words.
  const limitWords = useLimitText();
  // A refused first message of a new chat: the chat was made and opened before the refusal, so
  // the error belongs to the conversation now on screen (else quiet hours would say nothing).
  const shownId = useRef(conversationId);
  useEffect(() => {
    shownId.current = conversationId;
  }, [conversationId]);
  const send = (text: string) => {
    setError(null);
    list.current?.scrollToBottom();
    if (!conversationId) setCreating(true);
    chat
      .sendChatMessage({ conversationId, content: text, model: chosen.id, taskId })
      .catch((err: unknown) => {
        setError({
          conversationId: conversationId ?? shownId.current,
          text: limitWords(err) ?? errorText(err),
          ...blockedCategory(err),
        });
        composer.current?.setText(text);
      })
      .finally(() => setCreating(false));
  };
  const stop = () => {
    if (!conversationId) return;
    chat
      .stopReply(conversationId, streamingReply?.id ?? null)
      .catch((err: unknown) => setError({ conversationId, text: t('couldNotStop', { error: errorText(err) }) }));
  };
  const regenerate = useCallback(
    (messageId: string) => {
      if (!conversationId) return;
      setError(null);
      regenerateReply(conversationId, messageId).catch((err: unknown) =>
        setError({ conversationId, text: limitWords(err) ?? errorText(err) }),
      );
    },
    [conversationId, regenerateReply, limitWords, setError],
  );
  const edit = useCallback(
    (messageId: string, content: string) => {
      if (!conversationId) return;
      setError(null);
      list.current?.scrollToBottom();
      editAndResend(conversationId, messageId, content).catch((err: unknown) =>
        setError({
          conversationId,
          text: limitWords(err) ?? t('couldNotSendEdited', { error: errorText(err) }),
          ...blockedCategory(err),
        }),
      );
    },
    [conversationId, editAndResend, limitWords, t, setError],
  );
  const switchTo = useCallback(
    (versionId: string) => {
      if (!conversationId) return;
      setError(null);
      switchVersion(conversationId, versionId).catch((err: unknown) =>
        setError({ conversationId, text: i18next.t('chat:couldNotShowVersion', { error: errorText(err) }) }),
      );
    },
    [conversationId, setError],
  );

  // Open at a given message once the conversation is there (once per conversation and message).
  const focused = useRef<string | null>(null);
  const hasData = !!detail.data && messages.length > 0;
  useEffect(() => {
    if (!conversationId || !focusMessageId || !hasData) return;
    const key = `${conversationId}/${focusMessageId}`;
    if (focused.current === key) return;
    focused.current = key;
    void list.current?.scrollToMessage(focusMessageId).then((found) => {
      if (!found) setError({ conversationId, text: i18next.t('chat:messageGone') });
    });
  }, [conversationId, focusMessageId, hasData]);
  const pickTask = (next: string) => {
    setError(null);
    setTaskNotice(null);
    if (!conversationId) {
      setPickedTask(next);
      setNextTask(next);
      return;
    }
    if (messages.length === 0) {
      api
        .updateConversation(conversationId, { taskId: next })
        .then((updated) => {
          queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) =>
            d ? { ...d, conversation: updated } : d,
          );
          void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
        })
        .catch((err: unknown) =>
          setError({ conversationId, text: t('couldNotSwitchTask', { error: errorText(err) }) }),
        );
      return;
    }
    // A chat keeps its task: the new task gets a new chat, and the old one stays as it was.
    const name = tasks.data?.items.find((x) => x.id === next)?.name ?? next;
    setPickedTask(next);
    setNextTask(next);
    setTaskNotice(t('taskNewChat', { name }));
    navigate('/');
  };
  const pickModel = (modelId: string) => {
    if (!conversationId) setPickedModel(modelId);
    chooseModel(modelId, conversationId).catch((err: unknown) =>
      setError({ conversationId, text: t('couldNotSwitchModel', { error: errorText(err) }) }),
    );
  };

  let body: React.ReactNode;
  if (conversationId && detail.isPending) body = <MessagesSkeleton />;
  else if (conversationId && detail.isError) {
    body = isNotFound(detail.error) ? (
      <div className="panel-state" data-testid="conversation-missing">
        <h2>{t('chatMissing')}</h2>
        <p>{t('chatMissingWhy')}</p>
        <button type="button" className="btn btn-primary" onClick={() => navigate('/', { replace: true })}>
          {t('startNewChat')}
        </button>
      </div>
    ) : (
      <div className="panel-state" role="alert">
        <h2>{t('couldNotOpen')}</h2>
        <p>{errorText(detail.error)}</p>
        <button type="button" className="btn" onClick={() => void detail.refetch()}>
          {t('common:retry')}
        </button>
      </div>
    );
  } else if (messages.length === 0) {
    body = (
      <div className="messages-wrap">
        <div className="messages">
          <Welcome
            name={user.displayName || user.username}
            onSuggest={disabledReason ? undefined : (s) => composer.current?.setText(s)}
            notice={
              <>
                <AdminWarnings isAdmin={user.role === 'admin'} />
                {!conversationId && <FirstRun />}
                {noModels && models.data ? (
                  <NoModelsNotice reply={models.data} isAdmin={user.role === 'admin'} />
                ) : task?.systemPrompt ? (
                  // Shown only when the admin lets members see the task's instructions.
                  <details className="task-instructions" data-testid="task-instructions">
                    <summary>{t('taskTells', { name: task.name })}</summary>
                    <p>{task.systemPrompt}</p>
                  </details>
                ) : null}
              </>
            }
          />
        </div>
      </div>
    );
  } else {
    body = (
      <MessageList
        // Siblings in one section: keys must differ from the composer's (same conversation id).
        key={`list-${conversationId}`}
        ref={list}
        conversationId={conversationId!}
        messages={messages}
        hasMore={view.hasMore}
        siblings={detail.data?.siblings}
        busy={busy}
        onRegenerate={busy ? undefined : regenerate}
        onEdit={edit}
        onSwitch={busy ? undefined : switchTo}
      />
    );
  }

  const shownError = error && error.conversationId === conversationId ? error.text : null;
  const shownBlock = error && error.conversationId === conversationId ? error.blocked : undefined;
  return (
    <section className="chat" aria-label={shownTitle(conversation?.title, t('newChat'))}>
      <header className="chat-head">
        <button
          type="button"
          className="icon-btn drawer-toggle"
          data-testid="drawer-toggle"
          aria-label={t('openChatList')}
          onClick={onOpenDrawer}
        >
          <MenuIcon size={20} />
        </button>
        <h1 className="chat-title" data-testid="chat-title">
          {shownTitle(conversation?.title, t('newChat'))}
        </h1>
        <TaskPicker
          tasks={tasks.data?.items ?? []}
          value={taskId}
          locked={messages.length > 0}
          disabled={busy}
          onChange={pickTask}
        />
        <ModelPicker value={chosen.id} onChange={pickModel} taskId={taskId} />
      </header>
      {body}
      {models.isError && (
        <div className="chat-notice notice notice-warn" role="status">
          {t('couldNotLoadModels', { error: errorText(models.error) })}{' '}
          <button type="button" className="link-btn" onClick={() => void models.refetch()}>
            {t('common:retry')}
          </button>
        </div>
      )}
      {taskNotice && !conversationId && (
        <div className="chat-notice notice" role="status" data-testid="task-notice">
          {taskNotice}
          <button type="button" className="link-btn" aria-label={t('dismiss')} onClick={() => setTaskNotice(null)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {shownError && (
        <div
          // A message the filter held back is told kindly, not as a failure.
          className={`chat-notice notice${shownBlock ? '' : ' notice-error'}`}
          role="alert"
          data-testid="send-error"
        >
          {shownBlock ? <ContentBlockedNotice category={shownBlock} /> : shownError}
          <button type="button" className="link-btn" aria-label={t('dismiss')} onClick={() => setError(null)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      <SupervisionLine />
      {!(conversationId && detail.isError) && (
        <Composer
          key={`composer-${conversationId ?? 'new'}`}
          ref={composer}
          disabledReason={disabledReason}
          busy={busy}
          onSend={send}
          onStop={stop}
        />
      )}
    </section>
  );
}
