/** The admin console (`/admin/<section>`): users, model servers, tasks, audit log, sign-up. Admins only. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '#web/features/auth/session';
import { ActivityIcon, ListIcon, MailIcon, ServerIcon, SparkIcon, UsersIcon } from '#web/lib/ui/icons';
import { PageFrame, useDefaultSection, type PageSection } from '#web/lib/ui/PageFrame';
import { navigate } from '#web/lib/router';
import { AuditSection } from './audit/AuditSection';
import { ConnectionsSection } from './connections/ConnectionsSection';
import { MusicSection } from './music/MusicSection';
import { SignupSection } from './signup/SignupSection';
import { TasksSection } from './tasks/TasksSection';
import { UsersSection } from './users/UsersSection';
import { HouseholdUsageSection } from '#web/features/usage/HouseholdUsageSection';
import { RoomsSection } from '#web/features/messaging/admin/RoomsSection';
import './admin.css';

/** The sections; `label` is the key of the tab's name in the admin namespace. */
const sections: (PageSection & { render: () => ReactNode })[] = [
  { id: 'users', label: 'tabUsers', icon: <UsersIcon size={17} />, render: () => <UsersSection /> },
  { id: 'servers', label: 'tabServers', icon: <ServerIcon size={17} />, render: () => <ConnectionsSection /> },
  { id: 'tasks', label: 'tabTasks', icon: <SparkIcon size={17} />, render: () => <TasksSection /> },
  { id: 'music', label: 'tabMusic', icon: <ListIcon size={17} />, render: () => <MusicSection /> },
  { id: 'rooms', label: 'tabRooms', icon: <UsersIcon size={17} />, render: () => <RoomsSection /> },
  { id: 'audit', label: 'tabAudit', icon: <ActivityIcon size={17} />, render: () => <AuditSection /> },
  { id: 'usage', label: 'tabUsage', icon: <ListIcon size={17} />, render: () => <HouseholdUsageSection /> },
  { id: 'signup', label: 'tabSignup', icon: <MailIcon size={17} />, render: () => <SignupSection /> },
];
const ids = sections.map((s) => s.id);

function NotAllowed() {
  const { t } = useTranslation('admin');
  return (
    <div className="page" data-testid="admin-forbidden">
      <div className="panel-state" role="alert" style={{ height: '100%' }}>
        <h2>{t('forAdmins')}</h2>
        <p>{t('forAdminsWhy')}</p>
        <button type="button" className="btn btn-primary" onClick={() => navigate('/')}>
          {t('backToChats')}
        </button>
      </div>
    </div>
  );
}

function Console({ section }: { section: string | null }) {
  const { t } = useTranslation('admin');
  const current = useDefaultSection('/admin', section, ids, 'users');
  const active = sections.find((s) => s.id === current)!;
  const tabs = sections.map((s) => ({ ...s, label: t(s.label) }));
  return (
    <PageFrame title={t('title')} base="/admin" sections={tabs} current={current} testId="admin">
      {active.render()}
    </PageFrame>
  );
}

/** Props: the section from the address (null: the first). */
export function AdminPage({ section }: { section: string | null }) {
  const user = useUser();
  return user.role === 'admin' ? <Console section={section} /> : <NotAllowed />;
}
