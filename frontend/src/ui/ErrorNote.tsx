import { describeError, type ProductNamer } from '../api/problems';

/** A failed call, in the words the person expects (see describeFailure). */
export function ErrorNote({ error, nameOf }: { error: unknown; nameOf?: ProductNamer }) {
  if (!error) {
    return null;
  }
  return (
    <p className="error-note" role="alert">
      {describeError(error, nameOf)}
    </p>
  );
}
