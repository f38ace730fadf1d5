import styles from './form-alert.module.css';

interface FormAlertProps {
  message: string | null;
}

/** The one message a form shows when an error belongs to no single field; read out as it appears. */
export function FormAlert({ message }: FormAlertProps) {
  return (
    <div className={styles.formAlertRegion} role="alert">
      {message ? <p className={styles.formAlert}>{message}</p> : null}
    </div>
  );
}
