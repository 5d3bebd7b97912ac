/** The New room dialog: a name, a description and who is in it (the creator is its owner). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '#web/lib/errors';
import { FormDialog } from '#web/lib/ui/FormDialog';
import { TextField } from '#web/lib/ui/TextField';
import { navigate } from '#web/lib/router';
import { queryClient } from '#web/lib/queryClient';
import { messagingApi } from './api';
import { messagingKeys } from './keys';
import { roomPath } from './paths';
import type { Person, Room } from './types';

/** Tick boxes of people; `selected` their ids. */
export function MemberPicker({
  people,
  selected,
  onChange,
  idPrefix,
}: {
  people: Person[];
  selected: string[];
  onChange: (ids: string[]) => void;
  idPrefix: string;
}) {
  const { t } = useTranslation('messaging');
  if (people.length === 0) return <p className="hint">{t('create.noOne')}</p>;
  return (
    <ul className="member-picker">
      {people.map((p) => {
        const id = `${idPrefix}-${p.id}`;
        const on = selected.includes(p.id);
        return (
          <li key={p.id}>
            <input
              type="checkbox"
              id={id}
              data-testid="member-option"
              data-username={p.username}
              checked={on}
              onChange={() => onChange(on ? selected.filter((x) => x !== p.id) : [...selected, p.id])}
            />
            <label htmlFor={id}>
              {p.displayName || p.username} <span className="hint">@{p.username}</span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}

/** Props: open state, the people who can be added, and close. */
export function CreateRoomDialog({ open, people, onClose }: { open: boolean; people: Person[]; onClose: () => void }) {
  const { t } = useTranslation('messaging');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setName('');
    setDescription('');
    setMemberIds([]);
    setError(null);
    onClose();
  };
  const submit = async () => {
    if (!name.trim()) {
      setError(t('create.needsName'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const room = await messagingApi.createRoom({
        name: name.trim(),
        description: description.trim() || undefined,
        memberIds,
      });
      queryClient.setQueryData<Room[]>(messagingKeys.rooms, (list) =>
        list && !list.some((r) => r.id === room.id) ? [room, ...list] : list,
      );
      close();
      navigate(roomPath(room.id));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog
      open={open}
      title={t('create.title')}
      description={t('create.description')}
      submitLabel={t('create.submit')}
      busy={busy}
      error={error}
      testId="create-room"
      onSubmit={() => void submit()}
      onClose={close}
    >
      <TextField
        id="room-name"
        label={t('create.name')}
        value={name}
        onChange={setName}
        testId="room-name"
        inputProps={{ maxLength: 80, autoFocus: true }}
      />
      <TextField
        id="room-description"
        label={t('create.descriptionOptional')}
        value={description}
        onChange={setDescription}
        testId="room-description"
        inputProps={{ maxLength: 300 }}
      />
      <fieldset className="field">
        <legend>{t('create.members')}</legend>
        <MemberPicker people={people} selected={memberIds} onChange={setMemberIds} idPrefix="new-room" />
      </fieldset>
    </FormDialog>
  );
}
