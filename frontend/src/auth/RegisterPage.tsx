import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fieldErrors } from '../api/problems';
import { ErrorNote } from '../ui/ErrorNote';
import { FieldError, OtherFieldErrors } from '../ui/FieldError';
import { register, type Registration } from './api';
import { landingPath } from './LoginPage';
import { signIn } from './session';

const fields = ['name', 'email', 'password', 'phone'] as const;

export function RegisterPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Registration>({ name: '', email: '', password: '', phone: '' });
  const mutation = useMutation({
    mutationFn: () => register({ ...form, email: form.email.trim(), phone: form.phone?.trim() || undefined }),
    onSuccess: (auth) => {
      queryClient.clear();
      signIn(auth);
      void navigate(landingPath(params.get('next'), false), { replace: true });
    },
  });
  const errors = fieldErrors(mutation.error);
  const set = (name: keyof Registration) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <section className="page narrow">
      <h1>Create an account</h1>
      <form className="form card" onSubmit={submit} noValidate>
        <label>
          Name
          <input name="name" autoComplete="name" value={form.name} onChange={set('name')} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} />
          <FieldError errors={errors} name="email" />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} />
          <small className="muted">8 to 128 characters, with upper and lower case letters and a digit.</small>
          <FieldError errors={errors} name="password" />
        </label>
        <label>
          Phone <span className="muted">(optional)</span>
          <input name="phone" type="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} />
          <FieldError errors={errors} name="phone" />
        </label>
        <OtherFieldErrors errors={errors} shown={fields} />
        <ErrorNote error={mutation.error} />
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Creating…' : 'Create account'}
        </button>
        <p className="muted">
          Already registered? <Link to="/login">Sign in</Link>
        </p>
      </form>
    </section>
  );
}
