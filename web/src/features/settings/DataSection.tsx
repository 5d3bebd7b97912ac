/**
 * "Your data": download everything as one zip (each chat as Markdown and as importable JSON,
 * plus the account's profile), and import chats from a Hearth or ChatGPT export.
 */
import { api } from '#web/lib/api';
import { DownloadIcon } from '#web/lib/icons';
import { ImportChats } from '#web/features/conversations/ImportChats';
import { Section } from '#web/lib/ui/Section';
import { useTranslation } from 'react-i18next';

/** The data section of the settings page. */
export function DataSection() {
  const { t } = useTranslation('settings');
  return (
    <>
      <Section title={t('exportTitle')} description={t('exportDescription')} testId="data-export">
        <a className="btn" href={api.myDataExportUrl()} download data-testid="download-my-data">
          <DownloadIcon size={16} /> {t('exportButton')}
        </a>
      </Section>
      <Section title={t('importTitle')} description={t('importDescription')} testId="data-import">
        <ImportChats look="button" onOpen={() => {}} />
      </Section>
    </>
  );
}
