/** Profile (display name) and appearance (theme, the model for new chats). */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Theme } from '#common/auth';
import { errorText } from '#web/lib/errors';
import { useUser } from '#web/features/auth/session';
import { useModels } from '#web/features/models/models';
import { InstructionsSection } from './InstructionsSection';
import { Section, SavedNote } from '#web/lib/ui/Section';
import { setDefaultModel, setDisplayName, setStreamReplies, setTheme } from './settings';

const themeChoices: { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Follows this device' },
  { value: 'light', label: 'Light', hint: 'Always light' },
  { value: 'dark', label: 'Dark', hint: 'Always dark' },
];

function ProfileCard() {
  const user = useUser();
  const [name, setName] = useState(user.displayName);
  const save = useMutation({ mutationFn: () => setDisplayName(name.trim()) });
  const trimmed = name.trim();
  const changed = trimmed !== user.displayName;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (trimmed && changed && !save.isPending) save.mutate();
  };

  return (
    <Section title="Profile" description="How you appear to the rest of the household." testId="settings-profile">
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="profile-username">Username</label>
            <input id="profile-username" className="input" value={user.username} readOnly disabled />
            <span className="hint">You sign in with this. Only an admin can change it.</span>
          </div>
          <div className="field">
            <label htmlFor="profile-name">Display name</label>
            <input
              id="profile-name"
              className="input"
              data-testid="settings-display-name"
              autoComplete="name"
              maxLength={64}
              value={name}
              aria-invalid={!trimmed ? true : undefined}
              onChange={(e) => {
                setName(e.target.value);
                save.reset();
              }}
            />
            {!trimmed && <span className="field-error">A display name can’t be empty.</span>}
          </div>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="settings-display-name-save"
            disabled={!trimmed || !changed || save.isPending}
          >
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
          {save.isSuccess && !changed && <SavedNote testId="settings-profile-saved">Saved.</SavedNote>}
          {save.isError && (
            <span className="field-error" role="alert">
              Couldn’t save: {errorText(save.error)}
            </span>
          )}
        </div>
      </form>
    </Section>
  );
}

function AppearanceCard() {
  const user = useUser();
  const models = useModels();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = user.settings.defaultModel;
  const items = models.data?.items ?? [];
  const missing = current !== null && !items.some((m) => m.id === current);

  const pickModel = (value: string) => {
    setError(null);
    setSaved(false);
    setDefaultModel(value === '' ? null : value)
      .then(() => setSaved(true))
      .catch((err: unknown) => setError(`Couldn’t save the model: ${errorText(err)}`));
  };

  return (
    <Section
      title="Appearance and chats"
      description="These follow you to every device you sign in on."
      testId="settings-appearance"
    >
      <fieldset className="theme-choices" aria-label="Theme">
        <legend className="field-legend">Theme</legend>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {themeChoices.map((t) => (
            <label key={t.value} className="segment" data-testid={`settings-theme-${t.value}`}>
              <input
                type="radio"
                name="theme"
                value={t.value}
                checked={user.settings.theme === t.value}
                onChange={() => {
                  setError(null);
                  setTheme(t.value).catch(() => setError('Applied here, but couldn’t save it to your account.'));
                }}
              />
              <span className="segment-label">{t.label}</span>
              <span className="segment-hint">{t.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="settings-default-model">Model for new chats</label>
        <select
          id="settings-default-model"
          className="input select"
          data-testid="settings-default-model"
          value={current ?? ''}
          disabled={models.isPending}
          onChange={(e) => pickModel(e.target.value)}
        >
          <option value="">Automatic: the first model that’s available</option>
          {missing && <option value={current}>{current} (not available now)</option>}
          {items.map((m) => (
            <option key={m.id} value={m.id} disabled={!m.available}>
              {m.name} · {m.connectionName}
              {m.available ? '' : ' (unavailable)'}
            </option>
          ))}
        </select>
        {models.isError && <span className="field-error">Couldn’t load the models: {errorText(models.error)}</span>}
        {saved && !error && <SavedNote>Saved. New chats start with this model.</SavedNote>}
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="settings-stream-replies"
          checked={user.settings.streamReplies}
          onChange={(e) => {
            setError(null);
            setStreamReplies(e.target.checked).catch((err: unknown) =>
              setError(`Couldn’t save that: ${errorText(err)}`),
            );
          }}
        />{' '}
        Show replies as they are written
        <span className="hint">
          {' '}
          Off: a reply appears whole when it is done — calmer to read, and a screen reader reads it once.
        </span>
      </label>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
    </Section>
  );
}

/** The profile section of the settings page. */
export function ProfileSection() {
  return (
    <>
      <ProfileCard />
      <AppearanceCard />
      <InstructionsSection />
    </>
  );
}
