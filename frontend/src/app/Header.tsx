import { useState, type FormEvent } from 'react';
import { Link, NavLink, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { signOut, useSession } from '../auth/session';
import { itemCount, useCart } from '../cart/cart';
import { NotificationBell } from '../notifications/NotificationBell';

function SearchBox() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [q, setQ] = useState(params.get('q') ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (q.trim()) void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form className="search" role="search" onSubmit={submit}>
      <input type="search" name="q" placeholder="Search products…" aria-label="search products" value={q} onChange={(e) => setQ(e.target.value)} />
      <button type="submit">Search</button>
    </form>
  );
}

export function Header() {
  const session = useSession();
  const cart = useCart();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const count = itemCount(cart);
  const leave = () => {
    signOut();
    queryClient.clear();
    void navigate('/');
  };

  return (
    <header className="site-header">
      <Link to="/" className="brand">
        ◆ Ecommerce
      </Link>
      <SearchBox />
      <nav className="site-nav">
        <NavLink to="/" end>
          Shop
        </NavLink>
        {session && <NavLink to="/orders">My orders</NavLink>}
        {session?.customer.role === 'admin' && <NavLink to="/admin">Console</NavLink>}
        <NavLink to="/cart" className="cart-link">
          Cart{count > 0 && <span className="count" data-testid="cart-count">{count}</span>}
        </NavLink>
        {session && <NotificationBell />}
        {session ? (
          <span className="user">
            <span className="muted" title={session.customer.email}>
              {session.customer.name}
            </span>
            <button type="button" className="link" onClick={leave}>
              Sign out
            </button>
          </span>
        ) : (
          <NavLink to="/login">Sign in</NavLink>
        )}
      </nav>
    </header>
  );
}
