import type { ApiBody, ApiResponse } from '../../lib/api-schema';

export type JournalEntry = ApiResponse<'/api/journals/{id}', 'get'>;
export type JournalPage = ApiResponse<'/api/journals', 'get'>;
export type JournalInput = ApiBody<'/api/journals', 'post'>;
export type JournalChanges = ApiBody<'/api/journals/{id}', 'patch'>;
export type Visibility = JournalEntry['visibility'];

export type Note = ApiResponse<'/api/notes/{id}', 'get'>;
export type NotePage = ApiResponse<'/api/notes', 'get'>;
export type NoteInput = ApiBody<'/api/notes', 'post'>;
export type NoteChanges = ApiBody<'/api/notes/{id}', 'patch'>;
export type Attachment = Note['attachments'][number];

export type MineHit = ApiResponse<'/api/search/mine', 'get'>['items'][number];

export const VISIBILITY_OPTIONS: readonly { value: Visibility; label: string }[] = [
  { value: 'private', label: 'Only me' },
  { value: 'followers', label: 'Followers' },
  { value: 'public', label: 'Everyone' },
];

export function visibilityLabel(visibility: Visibility): string {
  return VISIBILITY_OPTIONS.find((option) => option.value === visibility)?.label ?? visibility;
}
