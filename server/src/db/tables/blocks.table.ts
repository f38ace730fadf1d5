export interface BlocksTable {
  blockerId: number;
  blockedId: number;
  createdAt: string;
}
