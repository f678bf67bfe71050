import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors } from '../api/problems';
import { ErrorNote } from '../ui/ErrorNote';
import { FieldError } from '../ui/FieldError';
import { login } from './api';
import { signIn, useSessionEnded } from './session';

/** Where to go after signing in: the page asked for (on this site only), else the console or the shop. */
export function landingPath(next: string | null, isAdmin: boolean): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) {
    return next;
  }
  return isAdmin ? '/admin' : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ended = useSessionEnded();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: (auth) => {
      queryClient.clear();
      signIn(auth);
      void navigate(landingPath(params.get('next'), auth.customer.role === 'admin'), { replace: true });
    },
  });
  const errors = fieldErrors(mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <section className="page narrow">
      <h1>Sign in</h1>
      {(ended || params.get('expired')) && !mutation.isSuccess && (
        <p className="info-note">Your session has ended; please sign in again.</p>
      )}
      <form className="form card" onSubmit={submit} noValidate>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          <FieldError errors={errors} name="email" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <FieldError errors={errors} name="password" />
        </label>
        <ErrorNote error={mutation.error} />
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted">
          New here? <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(params.get('next') ?? '')}` : ''}`}>Create an account</Link>
        </p>
      </form>
    </section>
  );
}
