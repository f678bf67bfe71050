import { http } from '../api/http';
import type { AuthResponse } from '../api/types';

export interface Registration {
  name: string;
  email: string;
  password: string;
  phone?: string;
}

export const register = (body: Registration) => http.post('customers/register', { json: body }).json<AuthResponse>();

export const login = (email: string, password: string) =>
  http.post('customers/login', { json: { email, password } }).json<AuthResponse>();
