/** Shown when no model server answers: what to do about it, and each server's reason. */
import { AlertIcon } from '#web/lib/icons';
import type { ModelsReply } from '#common/models';
import './models.css';

/** Props: the models reply (its servers say why they are down). */
export function NoModelsNotice({ reply, isAdmin }: { reply: ModelsReply; isAdmin: boolean }) {
  const down = reply.servers.filter((s) => !s.reachable);
  return (
    <div className="no-models" role="status" data-testid="no-models">
      <AlertIcon size={20} />
      <div>
        <strong>No model server is reachable right now.</strong>
        <p>
          {isAdmin
            ? 'Start LM Studio or Ollama on the server machine (or check the model servers in the admin settings). Hearth checks again every half minute.'
            : 'Start LM Studio or Ollama on the household computer, or ask your admin to. Hearth checks again every half minute.'}
        </p>
        {down.length > 0 && (
          <ul>
            {down.map((s) => (
              <li key={s.connectionId}>
                <strong>{s.name}</strong> ({s.baseUrl}): {s.error ?? 'did not answer'}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
