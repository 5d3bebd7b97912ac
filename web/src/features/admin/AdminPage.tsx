/** The admin console (`/admin/<section>`): users, model servers, tasks, audit log, sign-up. Admins only. */
import type { ReactNode } from 'react';
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

const sections: (PageSection & { render: () => ReactNode })[] = [
  { id: 'users', label: 'Users', icon: <UsersIcon size={17} />, render: () => <UsersSection /> },
  { id: 'servers', label: 'Model servers', icon: <ServerIcon size={17} />, render: () => <ConnectionsSection /> },
  { id: 'tasks', label: 'Tasks', icon: <SparkIcon size={17} />, render: () => <TasksSection /> },
  { id: 'music', label: 'Music library', icon: <ListIcon size={17} />, render: () => <MusicSection /> },
  { id: 'rooms', label: 'Rooms', icon: <UsersIcon size={17} />, render: () => <RoomsSection /> },
  { id: 'audit', label: 'Audit log', icon: <ActivityIcon size={17} />, render: () => <AuditSection /> },
  { id: 'usage', label: 'Usage', icon: <ListIcon size={17} />, render: () => <HouseholdUsageSection /> },
  { id: 'signup', label: 'Sign-up', icon: <MailIcon size={17} />, render: () => <SignupSection /> },
];
const ids = sections.map((s) => s.id);

function NotAllowed() {
  return (
    <div className="page" data-testid="admin-forbidden">
      <div className="panel-state" role="alert" style={{ height: '100%' }}>
        <h2>This page is for admins</h2>
        <p>
          The admin console manages the household’s accounts and model servers. Ask an admin if you need something
          changed.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => navigate('/')}>
          Back to chats
        </button>
      </div>
    </div>
  );
}

function Console({ section }: { section: string | null }) {
  const current = useDefaultSection('/admin', section, ids, 'users');
  const active = sections.find((s) => s.id === current)!;
  return (
    <PageFrame title="Admin" base="/admin" sections={sections} current={current} testId="admin">
      {active.render()}
    </PageFrame>
  );
}

/** Props: the section from the address (null: the first). */
export function AdminPage({ section }: { section: string | null }) {
  const user = useUser();
  return user.role === 'admin' ? <Console section={section} /> : <NotAllowed />;
}
