import { Button } from '../../../components/ui/button';
import { SelectField, TextAreaField, TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { useForm } from '../../../lib/use-form';
import { BIO_MAX, collectErrors, DISPLAY_NAME_MAX, validateUsername } from '../../../lib/validation';
import { useUpdateMe } from '../api/update-me';
import { PRIVACY_OPTIONS, type Privacy, type User } from '../types';

const FIELDS = ['displayName', 'username', 'bio', 'privacy'] as const;

function isPrivacy(value: string): value is Privacy {
  return PRIVACY_OPTIONS.some((option) => option.value === value);
}

export function ProfileForm({ user }: { user: User }) {
  const updateMe = useUpdateMe();
  const toast = useToast();
  const form = useForm({
    initialValues: {
      displayName: user.displayName ?? '',
      username: user.username,
      bio: user.bio ?? '',
      privacy: user.privacy,
    },
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        displayName:
          values.displayName.length > DISPLAY_NAME_MAX ? `Use at most ${DISPLAY_NAME_MAX} characters.` : null,
        username: validateUsername(values.username),
        bio: values.bio.length > BIO_MAX ? `Use at most ${BIO_MAX} characters.` : null,
      }),
    submit: async (values) => {
      await updateMe.mutateAsync({
        displayName: values.displayName.trim(),
        bio: values.bio.trim(),
        privacy: values.privacy,
        // Only send the username when it changed, so an unchanged one never trips a "taken" check.
        ...(values.username !== user.username ? { username: values.username } : {}),
      });
      toast.show('Profile saved.');
    },
  });
  const { values, errors } = form;
  const privacyHint = PRIVACY_OPTIONS.find((option) => option.value === values.privacy)?.description;

  return (
    <section className="card" aria-labelledby="profile-settings-heading">
      <h2 id="profile-settings-heading">Profile</h2>
      <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX}
          hint="The name other readers see. Leave empty to show your username."
          value={values.displayName}
          onChange={(event) => form.setValue('displayName', event.target.value)}
          error={errors.fields.displayName}
        />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={30}
          hint="3–30 characters: lowercase letters, digits and underscores."
          value={values.username}
          onChange={(event) => form.setValue('username', event.target.value.toLowerCase())}
          error={errors.fields.username}
        />
        <TextAreaField
          label="Bio"
          name="bio"
          rows={4}
          maxLength={BIO_MAX}
          hint={`What do you like to read? ${values.bio.length}/${BIO_MAX}`}
          value={values.bio}
          onChange={(event) => form.setValue('bio', event.target.value)}
          error={errors.fields.bio}
        />
        <SelectField
          label="Privacy"
          name="privacy"
          hint={privacyHint}
          value={values.privacy}
          onChange={(event) => {
            const privacy = event.target.value;
            if (isPrivacy(privacy)) form.setValue('privacy', privacy);
          }}
          error={errors.fields.privacy}
        >
          {PRIVACY_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
        <div className="form-actions">
          <Button type="submit" busy={form.submitting} busyLabel="Saving…">
            Save profile
          </Button>
        </div>
      </form>
    </section>
  );
}
