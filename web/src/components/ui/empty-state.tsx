import styles from './empty-state.module.css';

interface EmptyStateProps {
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
}

export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <section className={styles.emptyState} aria-label={title}>
      <div className={styles.emptyStateArt} aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
      <h2 className={styles.emptyStateTitle}>{title}</h2>
      {children ? <div className={styles.emptyStateBody}>{children}</div> : null}
      {action ? <div className={styles.emptyStateAction}>{action}</div> : null}
    </section>
  );
}
