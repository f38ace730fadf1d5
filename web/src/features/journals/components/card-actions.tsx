import common from './writing.module.css';

/** Edit and Delete under a journal entry or a note; `what` ends both names for screen readers. */
export function CardActions({
  what,
  onEdit,
  onDelete,
}: {
  what: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <div className={common.actions}>
      <button type="button" className="link-button" onClick={onEdit}>
        Edit<span className="visually-hidden"> {what}</span>
      </button>
      <button type="button" className="link-button link-button--danger" onClick={onDelete}>
        Delete<span className="visually-hidden"> {what}</span>
      </button>
    </div>
  );
}
