import { type FormEvent, useCallback, useRef, useState } from 'react';
import type { FieldErrors } from './api-client';
import { focusField } from './focus-field';
import { type FormErrorState, firstInvalidField, formErrorsFrom, noFormErrors } from './form-errors';

interface UseFormOptions<Values, Field extends string> {
  initialValues: Values;
  /** The fields an error can be placed on, in the order focus should look for the first one to fix. */
  fields: readonly Field[];
  /** Checks made before anything is sent: a message per failing field (see collectErrors). */
  validate?: (values: Values) => FieldErrors;
  /** Sends the form. A rejection is spread over the fields, or shown once at the top of the form. */
  submit: (values: Values) => Promise<unknown>;
  /** For forms whose fields are named differently from the server's: maps an error onto the form. */
  toErrors?: (error: unknown) => FormErrorState;
}

/**
 * One way every form submits: validate, show errors beside their fields and focus the first one,
 * send once (a second submit while sending is ignored), and place the server's errors the same way.
 */
export function useForm<Values extends object, Field extends string>(options: UseFormOptions<Values, Field>) {
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>(options.initialValues);
  const [errors, setErrors] = useState<FormErrorState>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const sending = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  const setValue = useCallback(<K extends keyof Values>(name: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
  }, []);

  const showErrors = useCallback((next: FormErrorState) => {
    setErrors(next);
    focusField(formRef.current, firstInvalidField(next.fields, latest.current.fields));
  }, []);

  async function submitValues(current: Values): Promise<void> {
    const { validate, fields, submit, toErrors } = latest.current;
    const invalid = validate?.(current) ?? {};
    setErrors({ fields: invalid, form: null });
    const first = firstInvalidField(invalid, fields);
    if (first) {
      focusField(formRef.current, first);
      return;
    }
    sending.current = true;
    setSubmitting(true);
    try {
      await submit(current);
    } catch (error) {
      showErrors(toErrors ? toErrors(error) : formErrorsFrom(error, fields));
    } finally {
      sending.current = false;
      setSubmitting(false);
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (sending.current) return;
    void submitValues(values);
  }

  return { formRef, values, setValue, setValues, errors, setErrors, showErrors, submitting, handleSubmit };
}
