/** A reader's reading goal for one calendar year. */
export interface GoalsTable {
  userId: number;
  year: number;
  target: number;
  pagesTarget: number | null;
  createdAt: string;
  updatedAt: string;
}
