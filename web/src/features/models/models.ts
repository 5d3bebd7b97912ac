/** Models: the list, grouping by model server, which model a chat uses, and choosing one. */
import { useQuery } from '@tanstack/react-query';
import type { SessionReply } from '#common/auth';
import type { ConversationDetail } from '#common/conversations';
import type { Model, ModelsReply } from '#common/models';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';

/**
 * GET /api/models (with `taskId`: only the models that task offers); re-probed every minute
 * while no model is available.
 */
export function useModels(taskId?: string | null) {
  return useQuery({
    queryKey: taskId ? keys.taskModels(taskId) : keys.models,
    queryFn: ({ signal }) => api.listModels(signal, taskId ?? undefined),
    staleTime: 60_000,
    refetchInterval: (q) => (q.state.data && !q.state.data.items.some((m) => m.available) ? 30_000 : false),
  });
}

/** One model server and its models, for the picker. */
export type ModelGroup = { id: string; name: string; reachable: boolean; error?: string; models: Model[] };

/** Groups models by server, keeping servers that offer nothing (to show why). */
export function groupModels(reply: ModelsReply): ModelGroup[] {
  const groups = new Map<string, ModelGroup>();
  for (const s of reply.servers) {
    groups.set(s.connectionId, {
      id: s.connectionId,
      name: s.name,
      reachable: s.reachable,
      error: s.error,
      models: [],
    });
  }
  for (const m of reply.items) {
    let g = groups.get(m.connectionId);
    if (!g)
      groups.set(m.connectionId, (g = { id: m.connectionId, name: m.connectionName, reachable: true, models: [] }));
    g.models.push(m);
  }
  return [...groups.values()];
}

/**
 * The model a chat will use: the conversation's own, else the user's default, else the first
 * available one. `id` may name a model that is not (or no longer) in the list.
 */
export function resolveModel(
  reply: ModelsReply | undefined,
  conversationModel: string | null | undefined,
  defaultModel: string | null,
): { id: string | null; model: Model | null } {
  const items = reply?.items ?? [];
  const find = (id: string | null | undefined) => (id ? (items.find((m) => m.id === id) ?? null) : null);
  if (conversationModel) return { id: conversationModel, model: find(conversationModel) };
  const preferred = find(defaultModel);
  if (preferred?.available) return { id: preferred.id, model: preferred };
  const first = items.find((m) => m.available) ?? null;
  if (first) return { id: first.id, model: first };
  return { id: defaultModel, model: preferred };
}

/** Picks a model for a conversation (if any) and as the default for new chats. */
export async function chooseModel(modelId: string, conversationId: string | null): Promise<void> {
  const tasks: Promise<unknown>[] = [
    api.updateSettings({ defaultModel: modelId }).then(() => {
      queryClient.setQueryData<SessionReply | null>(keys.me, (s) =>
        s ? { ...s, user: { ...s.user, settings: { ...s.user.settings, defaultModel: modelId } } } : s,
      );
    }),
  ];
  if (conversationId) {
    tasks.push(
      api.updateConversation(conversationId, { model: modelId }).then((conversation) => {
        queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) =>
          d ? { ...d, conversation } : d,
        );
      }),
    );
  }
  await Promise.all(tasks);
}
