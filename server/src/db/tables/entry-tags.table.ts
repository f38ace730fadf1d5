/** One tag on a library entry; `tagKey` is the tag lower-cased (tags are unique regardless of case). */
export interface EntryTagsTable {
  entryId: number;
  userId: number;
  tag: string;
  tagKey: string;
  position: number;
}
