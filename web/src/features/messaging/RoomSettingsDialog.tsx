/**
 * A room's settings. The owner renames it, changes its description, adds and removes members
 * and deletes it; any other member sees who is in it and can leave.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '#web/lib/ConfirmDialog';
import { errorText } from '#web/lib/errors';
import { navigate } from '#web/lib/router';
import { queryClient } from '#web/lib/queryClient';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { TextField } from '#web/lib/ui/TextField';
import { useUser } from '#web/features/auth/session';
import { messagingApi } from './api';
import { usePeople } from './hooks';
import { messagingKeys } from './keys';
import { PEOPLE_PATH } from './paths';
import type { Room } from './types';

const replaceRoom = (room: Room) =>
  queryClient.setQueryData<Room[]>(messagingKeys.rooms, (all) =>
    all?.map((r) => (r.id === room.id ? { ...r, ...room } : r)),
  );
const forgetRoom = (id: string) =>
  queryClient.setQueryData<Room[]>(messagingKeys.rooms, (all) => all?.filter((r) => r.id !== id));

/** Props: the room, and close. */
export function RoomSettingsDialog({ room, onClose }: { room: Room; onClose: () => void }) {
  const { t } = useTranslation('messaging');
  const user = useUser();
  const people = usePeople();
  const owner = room.members.some((m) => m.id === user.id && m.role === 'owner');
  const [name, setName] = useState(room.name);
  const [description, setDescription] = useState(room.description ?? '');
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'delete' | 'leave' | null>(null);
  const outside = (people.data ?? []).filter((p) => !room.members.some((m) => m.id === p.id));

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const refresh = async () => replaceRoom(await messagingApi.room(room.id));

  const save = () =>
    run(async () => {
      if (!name.trim()) throw new Error(t('settings.needsName'));
      replaceRoom(await messagingApi.updateRoom(room.id, { name: name.trim(), description: description.trim() }));
      onClose();
    });

  return (
    <>
      <FormDialog
        open
        title={owner ? t('settings.title') : room.name}
        description={owner ? t('settings.ownerIntro') : room.description || undefined}
        submitLabel={owner ? t('settings.save') : undefined}
        busy={busy}
        error={error}
        testId="room-settings-dialog"
        onSubmit={() => void save()}
        onClose={onClose}
        footerStart={
          owner ? (
            <button
              type="button"
              className="btn btn-danger"
              data-testid="delete-room"
              onClick={() => setConfirm('delete')}
            >
              {t('settings.deleteRoom')}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-danger"
              data-testid="leave-room"
              onClick={() => setConfirm('leave')}
            >
              {t('settings.leaveRoom')}
            </button>
          )
        }
      >
        {owner && (
          <>
            <TextField
              id="room-rename"
              label={t('settings.name')}
              value={name}
              onChange={setName}
              testId="room-rename"
              inputProps={{ maxLength: 80 }}
            />
            <TextField
              id="room-redescribe"
              label={t('settings.description')}
              value={description}
              onChange={setDescription}
              inputProps={{ maxLength: 300 }}
            />
          </>
        )}
        <fieldset className="field">
          <legend>{t('settings.members')}</legend>
          <ul className="member-list" data-testid="room-members">
            {room.members.map((m) => (
              <li key={m.id}>
                <span>
                  {m.displayName || m.username} <span className="hint">@{m.username}</span>
                  {m.role === 'owner' && <span className="badge badge-neutral">{t('settings.owner')}</span>}
                </span>
                {owner && m.id !== user.id && (
                  <button
                    type="button"
                    className="btn btn-ghost btn-sm"
                    data-testid="remove-member"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await messagingApi.removeMember(room.id, m.id);
                        await refresh();
                      })
                    }
                  >
                    {t('settings.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {owner && outside.length > 0 && (
            <div className="inline-form-row">
              <select
                className="input"
                aria-label={t('settings.addLabel')}
                data-testid="add-member-select"
                value={adding}
                onChange={(e) => setAdding(e.target.value)}
              >
                <option value="">{t('settings.addSomeone')}</option>
                {outside.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName || p.username}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn"
                data-testid="add-member"
                disabled={!adding || busy}
                onClick={() =>
                  void run(async () => {
                    await messagingApi.addMember(room.id, adding);
                    setAdding('');
                    await refresh();
                  })
                }
              >
                {t('settings.add')}
              </button>
            </div>
          )}
        </fieldset>
      </FormDialog>
      <ConfirmDialog
        open={confirm !== null}
        title={t(confirm === 'delete' ? 'settings.deleteTitle' : 'settings.leaveTitle', { name: room.name })}
        body={confirm === 'delete' ? t('settings.deleteBody') : t('settings.leaveBody')}
        confirmLabel={confirm === 'delete' ? t('settings.deleteRoom') : t('settings.leave')}
        danger
        busy={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() =>
          void run(async () => {
            if (confirm === 'delete') await messagingApi.deleteRoom(room.id);
            else await messagingApi.removeMember(room.id, user.id);
            forgetRoom(room.id);
            setConfirm(null);
            onClose();
            navigate(PEOPLE_PATH);
          })
        }
      />
    </>
  );
}
