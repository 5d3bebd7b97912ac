/** The member's settings (`/settings/<section>`): profile and look, security, API tokens, usage, data. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityIcon, KeyIcon, ListIcon, ShieldIcon, UserIcon } from '#web/lib/ui/icons';
import { DataSection } from './DataSection';
import { PageFrame, useDefaultSection, type PageSection } from '#web/lib/ui/PageFrame';
import { PasskeysSection } from './PasskeysSection';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TokensSection } from './TokensSection';
import { GatewayHelp } from '#web/features/usage/GatewayHelp';
import { NotificationsSection } from '#web/features/messaging/NotificationsSection';
import { BellIcon } from '#web/features/messaging/icons';
import { UsageSection } from '#web/features/usage/UsageSection';
import './settings-page.css';

/** The sections; `label` is the key of the tab's name in the settings namespace. */
const sections: (PageSection & { render: () => ReactNode })[] = [
  { id: 'profile', label: 'tabProfile', icon: <UserIcon size={17} />, render: () => <ProfileSection /> },
  {
    id: 'security',
    label: 'tabSecurity',
    icon: <ShieldIcon size={17} />,
    render: () => (
      <>
        <PasswordSection />
        <PasskeysSection />
        <SessionsSection />
      </>
    ),
  },
  {
    id: 'tokens',
    label: 'tabTokens',
    icon: <KeyIcon size={17} />,
    render: () => (
      <>
        <TokensSection />
        <GatewayHelp />
      </>
    ),
  },
  {
    id: 'notifications',
    label: 'tabNotifications',
    icon: <BellIcon size={17} />,
    render: () => <NotificationsSection />,
  },
  { id: 'usage', label: 'tabUsage', icon: <ActivityIcon size={17} />, render: () => <UsageSection /> },
  { id: 'data', label: 'tabData', icon: <ListIcon size={17} />, render: () => <DataSection /> },
];
const ids = sections.map((s) => s.id);

/** Props: the section from the address (null: the first). */
export function SettingsPage({ section }: { section: string | null }) {
  const { t } = useTranslation('settings');
  const current = useDefaultSection('/settings', section, ids, 'profile');
  const active = sections.find((s) => s.id === current)!;
  const tabs = sections.map((s) => ({ ...s, label: t(s.label) }));
  return (
    <PageFrame title={t('title')} base="/settings" sections={tabs} current={current} testId="settings">
      {active.render()}
    </PageFrame>
  );
}
