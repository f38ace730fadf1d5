import { buttonClass } from '../../../components/ui/button';
import { exportUrl } from '../api/export-url';
import styles from './export-section.module.css';

export function ExportSection() {
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <p className="muted">Your data is yours: take it anywhere, or bring it back here with Import.</p>
      <ul className={styles.exports}>
        <li>
          <a className={buttonClass('secondary')} href={exportUrl('csv')} download>
            Goodreads CSV
          </a>
          <span className="muted">
            Shelves, ratings, dates, reviews and tags in Goodreads’ columns; Goodreads and The StoryGraph
            import it.
          </span>
        </li>
        <li>
          <a className={buttonClass('secondary')} href={exportUrl('json')} download>
            JSON
          </a>
          <span className="muted">
            Everything, with every reread’s dates and your goals, in a documented format.
          </span>
        </li>
        <li>
          <a className={buttonClass('secondary')} href={exportUrl('archive')} download>
            Archive (ZIP)
          </a>
          <span className="muted">The JSON and your attachments in one file.</span>
        </li>
      </ul>
    </section>
  );
}
