/** The member's settings (`/settings/<section>`): profile and look, security, API tokens, usage, data. */
import type { ReactNode } from 'react';
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

const sections: (PageSection & { render: () => ReactNode })[] = [
  { id: 'profile', label: 'Profile', icon: <UserIcon size={17} />, render: () => <ProfileSection /> },
  {
    id: 'security',
    label: 'Sign-in & security',
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
    label: 'API tokens',
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
    label: 'Notifications',
    icon: <BellIcon size={17} />,
    render: () => <NotificationsSection />,
  },
  { id: 'usage', label: 'Usage', icon: <ActivityIcon size={17} />, render: () => <UsageSection /> },
  { id: 'data', label: 'Your data', icon: <ListIcon size={17} />, render: () => <DataSection /> },
];
const ids = sections.map((s) => s.id);

/** Props: the section from the address (null: the first). */
export function SettingsPage({ section }: { section: string | null }) {
  const current = useDefaultSection('/settings', section, ids, 'profile');
  const active = sections.find((s) => s.id === current)!;
  return (
    <PageFrame title="Settings" base="/settings" sections={sections} current={current} testId="settings">
      {active.render()}
    </PageFrame>
  );
}
