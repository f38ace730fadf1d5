import { type Static, Type } from 'typebox';
import { NameText } from '../../lib/text-rules.ts';
import { Goal } from '../goals/index.ts';

export const Username = Type.String({
  minLength: 3,
  maxLength: 30,
  pattern: '^[A-Za-z0-9_]+$',
  description: '3–30 of a-z, 0-9 and _; stored in lower case, unique regardless of case',
});
export const Password = Type.String({ minLength: 8, maxLength: 256 });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Privacy = Type.Union([
  Type.Literal('public'),
  Type.Literal('followers'),
  Type.Literal('private'),
]);
export const DisplayName = NameText({ minLength: 1, maxLength: 80 });
export const Bio = Type.String({ maxLength: 1000 });

export const PublicUser = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  privacy: Privacy,
  createdAt: Type.String({ format: 'date-time' }),
});

export type PublicUserView = Static<typeof PublicUser>;

export const Me = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  emailVerified: Type.Boolean({ description: 'The address was confirmed through a mailed link' }),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  privacy: Privacy,
  hasPassword: Type.Boolean(),
  googleLinked: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export type MeView = Static<typeof Me>;

export const ProfileCounts = Type.Object(
  {
    followers: Type.Integer(),
    following: Type.Integer(),
    books: Type.Integer(),
    byStatus: Type.Object({
      want_to_read: Type.Integer(),
      currently_reading: Type.Integer(),
      read: Type.Integer(),
      did_not_finish: Type.Integer(),
    }),
  },
  { description: 'Only what the viewer may see is counted' },
);

export const Profile = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  privacy: Privacy,
  counts: ProfileCounts,
  isFollowing: Type.Boolean(),
  isSelf: Type.Boolean(),
  restricted: Type.Boolean({
    description: 'The viewer may see only username, display name and avatar (bio empty, counts zero)',
  }),
  goal: Type.Union([Goal, Type.Null()], {
    description:
      "The reader's goal for the current year (UTC), shown to whoever may see their shelves; its progress counts only the books this viewer may see. Null when there is none or the profile is restricted",
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    bio: Type.Optional(Bio),
    username: Type.Optional(Username),
    privacy: Type.Optional(Privacy),
  },
  { additionalProperties: false },
);

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ maxLength: 256 }), newPassword: Password },
  { additionalProperties: false },
);

export const DeleteMeBody = Type.Union([
  Type.Object({ password: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }),
  Type.Null(),
]);

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

export const Session = Type.Object(
  {
    user: Type.Union([Me, Type.Null()]),
    sessionEnded: Type.Boolean({
      description:
        'True when this browser sent a session cookie that no longer works (signed out elsewhere, a password change, or expiry); the cookie is cleared',
    }),
  },
  { additionalProperties: false },
);
