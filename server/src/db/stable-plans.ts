/**
 * SQLite (3.54, as bundled with better-sqlite3) looks at the value bound to a parameter while
 * planning a comparison such as `user_id = ?` (to guess how selective it is) and then marks the
 * statement to be planned again whenever that parameter is bound anew. A cached statement that
 * runs with fresh values on every request was therefore parsed and planned on every run: about
 * 30 µs a statement, most of the SQL time of the library's first page (see README, Performance).
 *
 * The same happens to a bound `LIMIT ?`.
 *
 * Writing the parameter as `+?` keeps its value out of the planner's sight: the unary plus is a
 * no-op in SQLite (same value, same type, no affinity and no collation, exactly like a bare
 * parameter), indexes are used the same way, and the plan is made once per statement. Only
 * parameters that directly follow `=`, `<`, `>`, `(` or `,` (comparisons, IN lists, tuples,
 * VALUES, function arguments) or the words LIMIT or OFFSET are rewritten; quoted text and
 * identifiers are copied unchanged.
 */
const LIMIT_OR_OFFSET = /\b(limit|offset)\s*$/i;

export function withStablePlans(sql: string): string {
  let out = '';
  let previous = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          // A doubled quote is an escaped quote inside the same literal.
          if (close !== ']' && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      previous = close;
      i = j + 1;
      continue;
    }
    if (
      c === '?' &&
      (previous === '=' ||
        previous === '<' ||
        previous === '>' ||
        previous === '(' ||
        previous === ',' ||
        LIMIT_OR_OFFSET.test(out))
    ) {
      out += '+?';
      previous = '?';
      i++;
      continue;
    }
    out += c;
    if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') previous = c;
    i++;
  }
  return out;
}
