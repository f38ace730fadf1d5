/**
 * The users feature's face: what other features, the app and the tooling may use. Import the
 * feature only from here (`npm run lint` refuses imports of its other files from outside).
 */
export { mediaRoutes } from './media.routes.ts';
export { ProfileRepository } from './profile.repository.ts';
export {
  PUBLIC_USER_COLUMNS,
  type PublicUserRow,
  type UserRow,
  UsersRepository,
} from './users.repository.ts';
export { usersRoutes } from './users.routes.ts';
export {
  DisplayName,
  Email,
  Me,
  type MeView,
  Password,
  type PublicUserView,
  Username,
  UsernameParams,
} from './users.schemas.ts';
export {
  avatarUrl,
  toMe,
  toPublicUser,
  UsersService,
} from './users.service.ts';
