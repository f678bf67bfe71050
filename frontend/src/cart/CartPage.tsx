import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { formatCents, formatMoney } from '../ui/format';
import { maxQuantity, removeFromCart, setQuantity, totalCents, updateCart, useCart } from './cart';
import { CheckoutForm } from './CheckoutForm';

export function CartPage() {
  const cart = useCart();
  const session = useSession();

  if (cart.lines.length === 0) {
    return (
      <section className="page">
        <h1>Your cart</h1>
        <p className="muted">
          Your cart is empty. <Link to="/">Browse the shop</Link> or see <Link to="/orders">your orders</Link>.
        </p>
      </section>
    );
  }

  return (
    <section className="page">
      <h1>Your cart</h1>
      <table className="table cart-table">
        <thead>
          <tr>
            <th>Product</th>
            <th>Price</th>
            <th>Quantity</th>
            <th>Subtotal</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr key={line.productId} data-line={line.name}>
              <td>
                <Link to={`/products/${line.productId}`}>{line.name}</Link>
              </td>
              <td>{formatMoney(line.price)}</td>
              <td>
                <input
                  aria-label={`quantity of ${line.name}`}
                  type="number"
                  min={1}
                  max={maxQuantity}
                  value={line.quantity}
                  onChange={(e) => updateCart((c) => setQuantity(c, line.productId, Number(e.target.value)))}
                />
              </td>
              <td>{formatCents(Math.round(line.price * 100) * line.quantity)}</td>
              <td>
                <button type="button" className="link" onClick={() => updateCart((c) => removeFromCart(c, line.productId))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>Total (prices are confirmed when the order is placed)</td>
            <td className="price" data-testid="cart-total">
              {formatCents(totalCents(cart))}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {session ? (
        <CheckoutForm cart={cart} customerId={session.customer.id} />
      ) : (
        <p className="card">
          <Link to="/login?next=/cart">Sign in</Link> or <Link to="/register?next=/cart">create an account</Link> to check out.
        </p>
      )}
    </section>
  );
}
