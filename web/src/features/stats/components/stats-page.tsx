import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { buttonClass } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useStats } from '../api/get-stats';
import type { Stats } from '../types';
import { DataChart } from './bar-chart';
import { GoalWidget } from './goal-widget';
import styles from './stats-page.module.css';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FORMAT_LABEL: Record<string, string> = {
  paperback: 'Paperback',
  hardcover: 'Hardcover',
  ebook: 'Ebook',
  audiobook: 'Audiobook',
  other: 'Other',
};
const n = (value: number) => value.toLocaleString();

function ChartCard(props: {
  title: string;
  kind: 'bar' | 'doughnut';
  rows: { label: string; value: number }[];
  valueName: string;
  summary: string;
  /** Shown instead of the chart when every value is 0. */
  empty: string;
}) {
  const headingId = useId();
  const labels = useMemo(() => props.rows.map((r) => r.label), [props.rows]);
  const values = useMemo(() => props.rows.map((r) => r.value), [props.rows]);
  // An empty doughnut draws nothing at all and empty bars only axes: say so instead.
  if (values.every((value) => value === 0)) {
    return (
      <section className={styles.chartCard} aria-labelledby={headingId}>
        <h2 id={headingId} className={styles.chartTitle}>
          {props.title}
        </h2>
        <p className="muted">{props.empty}</p>
      </section>
    );
  }
  return (
    <section className={styles.chartCard} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.chartTitle}>
        {props.title}
      </h2>
      <DataChart
        kind={props.kind}
        labels={labels}
        values={values}
        summary={props.summary}
        label={props.valueName}
      />
      <details className={styles.tableToggle}>
        <summary>Show as a table</summary>
        <table className={styles.table}>
          <caption className="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.kind === 'bar' ? 'When' : 'What'}</th>
              <th scope="col">{props.valueName}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{n(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function busiest(rows: { label: string; value: number }[]): string {
  const top = [...rows].sort((a, b) => b.value - a.value)[0];
  return top && top.value > 0 ? `Most in ${top.label} (${n(top.value)}).` : 'Nothing yet.';
}

function Summary({ stats }: { stats: Stats }) {
  const items: [string, string][] = [
    ['Books read', n(stats.booksRead)],
    ['Pages read', n(stats.pagesRead)],
    ['Average rating', stats.averageRating === null ? '—' : `${stats.averageRating} ★`],
    ['Rereads', n(stats.rereads)],
    ['Did not finish', n(stats.didNotFinish)],
    ['Pages per day', String(stats.pagesPerDay)],
    ['Days to finish', stats.averageDaysToFinish === null ? '—' : String(stats.averageDaysToFinish)],
  ];
  return (
    <dl className={styles.summary}>
      {items.map(([label, value]) => (
        <div key={label} className={styles.summaryItem}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Charts({ stats }: { stats: Stats }) {
  const perMonth = stats.year !== null;
  const books = perMonth
    ? stats.byMonth.map((m) => ({ label: MONTHS[m.month - 1] ?? String(m.month), value: m.books }))
    : stats.byYear.map((y) => ({ label: String(y.year), value: y.books }));
  const pages = perMonth
    ? stats.byMonth.map((m) => ({ label: MONTHS[m.month - 1] ?? String(m.month), value: m.pages }))
    : stats.byYear.map((y) => ({ label: String(y.year), value: y.pages }));
  const formats = stats.byFormat.map((f) => ({
    label: f.format ? (FORMAT_LABEL[f.format] ?? f.format) : 'Not set',
    value: f.books,
  }));
  const ratings = stats.byRating.map((r) => ({ label: `${r.rating} ★`, value: r.books }));
  const unit = perMonth ? 'month' : 'year';
  const when = stats.year === null ? 'yet' : `in ${stats.year}`;
  return (
    <div className={styles.charts}>
      <ChartCard
        title={`Books per ${unit}`}
        kind="bar"
        rows={books}
        valueName="Books"
        summary={`Books finished per ${unit}. ${busiest(books)}`}
        empty={`No finished books ${when}.`}
      />
      <ChartCard
        title={`Pages per ${unit}`}
        kind="bar"
        rows={pages}
        valueName="Pages"
        summary={`Pages read per ${unit}. ${busiest(pages)}`}
        empty={`No pages of finished books ${when}.`}
      />
      <ChartCard
        title="Formats"
        kind="doughnut"
        rows={formats}
        valueName="Books"
        summary={`Books by format. ${busiest(formats)}`}
        empty={`No finished books ${when}.`}
      />
      <ChartCard
        title="Ratings"
        kind="bar"
        rows={ratings}
        valueName="Books"
        summary={`Books by your rating. ${busiest(ratings)}`}
        empty={`No rated books ${when}.`}
      />
    </div>
  );
}

function Highlights({ stats }: { stats: Stats }) {
  return (
    <div className={styles.highlights}>
      {stats.topAuthors.length > 0 ? (
        <section>
          <h2 className={styles.chartTitle}>Top authors</h2>
          <ol>
            {stats.topAuthors.map((a) => (
              <li key={a.author}>
                {a.author} <span className="muted">({a.books})</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {stats.topTags.length > 0 ? (
        <section>
          <h2 className={styles.chartTitle}>Top tags</h2>
          <ol>
            {stats.topTags.map((t) => (
              <li key={t.tag}>
                {t.tag} <span className="muted">({t.books})</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {stats.shortestBook && stats.longestBook ? (
        <section>
          <h2 className={styles.chartTitle}>Shortest and longest</h2>
          <p>
            <Link to={`/books/${stats.shortestBook.bookId}`}>{stats.shortestBook.title}</Link> (
            {n(stats.shortestBook.pageCount)} pages)
            <br />
            <Link to={`/books/${stats.longestBook.bookId}`}>{stats.longestBook.title}</Link> (
            {n(stats.longestBook.pageCount)} pages)
          </p>
        </section>
      ) : null}
    </div>
  );
}

export function StatsPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | null>(thisYear);
  const stats = useStats(year);
  const pickerId = useId();
  useDocumentTitle(year === null ? 'Stats: all time' : `Stats ${year}`);
  const years = Array.from({ length: 15 }, (_, i) => thisYear + 1 - i);

  return (
    <div className="page">
      <div className={styles.header}>
        <h1>Stats</h1>
        <div>
          <label className={fieldStyles.fieldLabel} htmlFor={pickerId}>
            Year
          </label>
          <select
            id={pickerId}
            className={cx(fieldStyles.fieldControl, fieldStyles.fieldControlSelect)}
            value={year === null ? 'all' : String(year)}
            onChange={(e) => setYear(e.target.value === 'all' ? null : Number(e.target.value))}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
            <option value="all">All time</option>
          </select>
        </div>
      </div>
      {year !== null ? <GoalWidget year={year} /> : null}
      {stats.isPending ? (
        <LoadingRegion label="Loading your stats">
          <Skeleton height="4rem" shape="block" />
          <Skeleton height="14rem" shape="block" />
        </LoadingRegion>
      ) : stats.isError ? (
        <p role="alert">{stats.error.message}</p>
      ) : stats.data.booksRead === 0 && stats.data.didNotFinish === 0 ? (
        <div className={styles.empty}>
          <p>
            No finished books {year === null ? 'yet' : `in ${year}`}. Mark a book as read in your{' '}
            <Link to="/library">library</Link>, or bring your history over from Goodreads or The StoryGraph.
          </p>
          <Link to="/settings" className={buttonClass('secondary')}>
            Import your books
          </Link>
        </div>
      ) : (
        <>
          <Summary stats={stats.data} />
          <Charts stats={stats.data} />
          <Highlights stats={stats.data} />
        </>
      )}
    </div>
  );
}
