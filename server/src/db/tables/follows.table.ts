export interface FollowsTable {
  followerId: number;
  followeeId: number;
  createdAt: string;
}
