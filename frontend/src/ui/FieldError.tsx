/** The API's messages for one field, shown beside it. */
export function FieldError({ errors, name }: { errors: Record<string, string[]>; name: string }) {
  const messages = errors[name];
  if (!messages?.length) {
    return null;
  }
  return (
    <span className="field-error" role="alert" data-field={name}>
      {messages.join(' ')}
    </span>
  );
}

/** Errors the form has no field for (e.g. "body"), so none is lost. */
export function OtherFieldErrors({ errors, shown }: { errors: Record<string, string[]>; shown: readonly string[] }) {
  const rest = Object.entries(errors).filter(([name]) => !shown.includes(name));
  if (rest.length === 0) {
    return null;
  }
  return (
    <ul className="field-error" role="alert">
      {rest.map(([name, messages]) => (
        <li key={name}>{messages.join(' ')}</li>
      ))}
    </ul>
  );
}
