import { useDocumentTitle } from '../../../lib/use-document-title';
import { PageSkeleton } from '../../auth/components/require-auth';
import { ExportSection } from '../../data/components/export-section';
import { ImportSection } from '../../data/components/import-section';
import { BlockedReaders } from '../../social/components/blocked-readers';
import { useMe } from '../api/get-me';
import { AvatarForm } from './avatar-form';
import { DeleteAccountForm } from './delete-account-form';
import { EmailForm } from './email-form';
import { PasswordForm } from './password-form';
import { ProfileForm } from './profile-form';
import { SessionsSection } from './sessions-section';
import { SignInMethods } from './sign-in-methods';

export function SettingsPage() {
  useDocumentTitle('Settings');
  const me = useMe();
  if (!me.data) return <PageSkeleton />;
  const user = me.data;
  return (
    <div className="page page--narrow">
      <h1>Settings</h1>
      <p className="muted">Signed in as {user.email}.</p>
      <div className="stack-lg">
        <AvatarForm user={user} />
        {/* Keyed by the saved values so the form starts fresh after each save from anywhere. */}
        <ProfileForm key={user.updatedAt} user={user} />
        <EmailForm key={`email-${user.updatedAt}`} user={user} />
        <PasswordForm user={user} />
        <SignInMethods user={user} />
        <SessionsSection />
        <ImportSection />
        <ExportSection />
        <BlockedReaders />
        <DeleteAccountForm user={user} />
      </div>
    </div>
  );
}
