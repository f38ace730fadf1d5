export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's calendar date in UTC, `YYYY-MM-DD`. */
export function todayDate(): string {
  return new Date().toISOString().slice(0, 10);
}
