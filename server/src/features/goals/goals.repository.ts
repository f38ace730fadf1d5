import { type Expression, expressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DbExecutor } from '../../db/executor.ts';
import type { Database } from '../../db/schema.ts';
import type { GoalsTable } from '../../db/tables/goals.table.ts';

export type GoalRow = Selectable<GoalsTable>;

/**
 * The owner's goal for `year` as two SQL scalars (null when there is none), for another feature's
 * statement (the profile's one statement reads them with the rest of the profile).
 */
export function goalOfYearSql(owner: Expression<number>, year: number | Expression<number>) {
  const eb = expressionBuilder<Database, never>();
  const column = (name: 'target' | 'pagesTarget') =>
    eb
      .selectFrom('goals')
      .select(`goals.${name}`)
      .where('goals.userId', '=', owner)
      .where('goals.year', '=', year);
  return { target: column('target'), pagesTarget: column('pagesTarget') };
}

export class GoalsRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction with a repository bound to it; `tx` is for other features' writers. */
  transaction<T>(fn: (repo: GoalsRepository, tx: DbExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new GoalsRepository(trx), trx));
  }

  find(userId: number, year: number): Promise<GoalRow | undefined> {
    return this.#db
      .selectFrom('goals')
      .selectAll()
      .where('userId', '=', userId)
      .where('year', '=', year)
      .executeTakeFirst();
  }

  listFor(userId: number): Promise<GoalRow[]> {
    return this.#db.selectFrom('goals').selectAll().where('userId', '=', userId).orderBy('year').execute();
  }

  /** Creates or replaces the goal (one per reader and year). */
  upsert(row: GoalRow): Promise<GoalRow> {
    return this.#db
      .insertInto('goals')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['userId', 'year']).doUpdateSet({
          target: row.target,
          pagesTarget: row.pagesTarget,
          updatedAt: row.updatedAt,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async remove(userId: number, year: number): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('goals')
      .where('userId', '=', userId)
      .where('year', '=', year)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
