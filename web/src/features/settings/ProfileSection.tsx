/** Profile (display name) and appearance (theme, the model for new chats). */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Language, Theme } from '#common/auth';
import { browserLanguage } from '#web/lib/i18n';
import { errorText } from '#web/lib/errors';
import { useUser } from '#web/features/auth/session';
import { useModels } from '#web/features/models/models';
import { InstructionsSection } from './InstructionsSection';
import { Section, SavedNote } from '#web/lib/ui/Section';
import { setDefaultModel, setDisplayName, setLanguage, setStreamReplies, setTheme } from './settings';
import { useTranslation } from 'react-i18next';

/** The theme choices; label and hint are keys in the settings namespace. */
const themeChoices: { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'themeSystem', hint: 'themeSystemHint' },
  { value: 'light', label: 'themeLight', hint: 'themeLightHint' },
  { value: 'dark', label: 'themeDark', hint: 'themeDarkHint' },
];

/** Each language's name in itself, as language menus show them. */
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

function ProfileCard() {
  const { t } = useTranslation('settings');
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
    <Section title={t('profileTitle')} description={t('profileDescription')} testId="settings-profile">
      <form onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor="profile-username">{t('username')}</label>
            <input id="profile-username" className="input" value={user.username} readOnly disabled />
            <span className="hint">{t('usernameHint')}</span>
          </div>
          <div className="field">
            <label htmlFor="profile-name">{t('displayName')}</label>
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
            {!trimmed && <span className="field-error">{t('displayNameEmpty')}</span>}
          </div>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="settings-display-name-save"
            disabled={!trimmed || !changed || save.isPending}
          >
            {save.isPending ? t('common:saving') : t('common:save')}
          </button>
          {save.isSuccess && !changed && <SavedNote testId="settings-profile-saved">{t('savedDot')}</SavedNote>}
          {save.isError && (
            <span className="field-error" role="alert">
              {t('couldNotSave', { error: errorText(save.error) })}
            </span>
          )}
        </div>
      </form>
    </Section>
  );
}

function AppearanceCard() {
  const { t } = useTranslation('settings');
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
      .catch((err: unknown) => setError(t('couldNotSaveModel', { error: errorText(err) })));
  };

  return (
    <Section title={t('appearanceTitle')} description={t('appearanceDescription')} testId="settings-appearance">
      <fieldset className="theme-choices" aria-label={t('theme')}>
        <legend className="field-legend">{t('theme')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('theme')}>
          {themeChoices.map((choice) => (
            <label key={choice.value} className="segment" data-testid={`settings-theme-${choice.value}`}>
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={user.settings.theme === choice.value}
                onChange={() => {
                  setError(null);
                  setTheme(choice.value).catch(() => setError(t('appliedNotSaved')));
                }}
              />
              <span className="segment-label">{t(choice.label)}</span>
              <span className="segment-hint">{t(choice.hint)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="settings-language">{t('language')}</label>
        <select
          id="settings-language"
          className="input select"
          data-testid="settings-language"
          value={user.settings.language ?? ''}
          onChange={(e) => {
            setError(null);
            const parsed = Language.safeParse(e.target.value);
            setLanguage(parsed.success ? parsed.data : null).catch((err: unknown) =>
              setError(t('couldNotSaveThat', { error: errorText(err) })),
            );
          }}
        >
          <option value="">{t('languageBrowser', { language: LANGUAGE_NAMES[browserLanguage()] })}</option>
          {Language.options.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
        <span className="hint">{t('languageHint')}</span>
      </div>
      <div className="field">
        <label htmlFor="settings-default-model">{t('defaultModel')}</label>
        <select
          id="settings-default-model"
          className="input select"
          data-testid="settings-default-model"
          value={current ?? ''}
          disabled={models.isPending}
          onChange={(e) => pickModel(e.target.value)}
        >
          <option value="">{t('defaultModelAuto')}</option>
          {missing && <option value={current}>{t('notAvailableNow', { name: current })}</option>}
          {items.map((m) => (
            <option key={m.id} value={m.id} disabled={!m.available}>
              {m.name} · {m.connectionName}
              {m.available ? '' : ` ${t('unavailable')}`}
            </option>
          ))}
        </select>
        {models.isError && (
          <span className="field-error">{t('couldNotLoadModels', { error: errorText(models.error) })}</span>
        )}
        {saved && !error && <SavedNote>{t('defaultModelSaved')}</SavedNote>}
      </div>
      <label className="check field">
        <input
          type="checkbox"
          data-testid="settings-stream-replies"
          checked={user.settings.streamReplies}
          onChange={(e) => {
            setError(null);
            setStreamReplies(e.target.checked).catch((err: unknown) =>
              setError(t('couldNotSaveThat', { error: errorText(err) })),
            );
          }}
        />{' '}
        {t('streamReplies')}
        <span className="hint"> {t('streamRepliesHint')}</span>
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
