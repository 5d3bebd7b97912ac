/**
 * "Your data": download everything as one zip (each chat as Markdown and as importable JSON,
 * plus the account's profile), and import chats from a Hearth or ChatGPT export.
 */
import { api } from '#web/lib/api';
import { DownloadIcon } from '#web/lib/icons';
import { ImportChats } from '#web/features/conversations/ImportChats';
import { Section } from '#web/lib/ui/Section';

/** The data section of the settings page. */
export function DataSection() {
  return (
    <>
      <Section
        title="Download all my data"
        description="One zip file with every chat (as Markdown to read, and as JSON that Hearth can import again), your profile and settings, and your usage. Passwords, keys and tokens are never included."
        testId="data-export"
      >
        <a className="btn" href={api.myDataExportUrl()} download data-testid="download-my-data">
          <DownloadIcon size={16} /> Download my data
        </a>
      </Section>
      <Section
        title="Import chats"
        description="Bring chats in from a Hearth JSON export, or from the conversations.json file in a ChatGPT or Claude.ai data export (ChatGPT keeps every version of an edited or regenerated message; they come in as versions you can switch between). A file with a problem is refused whole: nothing is half-imported."
        testId="data-import"
      >
        <ImportChats look="button" onOpen={() => {}} />
      </Section>
    </>
  );
}
