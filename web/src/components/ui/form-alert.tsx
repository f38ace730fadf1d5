interface FormAlertProps {
  message: string | null;
}

/** The one message a form shows when an error belongs to no single field; read out as it appears. */
export function FormAlert({ message }: FormAlertProps) {
  return (
    <div className="form-alert-region" role="alert">
      {message ? <p className="form-alert">{message}</p> : null}
    </div>
  );
}
