import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { addToCart, maxQuantity, updateCart, useCart } from '../cart/cart';
import { ErrorNote } from '../ui/ErrorNote';
import { formatMoney } from '../ui/format';
import { showToast } from '../ui/toasts';
import { catalogKeys, getProduct } from './api';
import { ProductImage } from './ProductImage';
import { StockNote } from './StockNote';

export function ProductPage() {
  const { id = '' } = useParams();
  const cart = useCart();
  const [quantity, setQuantity] = useState(1);
  const { data: product, error, isPending } = useQuery({ queryKey: catalogKeys.one(id), queryFn: () => getProduct(id) });

  if (isPending) {
    return <p className="page muted">Loading…</p>;
  }
  if (!product) {
    return (
      <section className="page">
        <ErrorNote error={error} />
        <Link to="/">Back to the shop</Link>
      </section>
    );
  }

  const inCart = cart.lines.find((l) => l.productId === product.id)?.quantity ?? 0;
  const add = () => {
    updateCart((c) => addToCart(c, product, quantity));
    showToast({ title: 'Added to cart', message: `${quantity} × ${product.name}`, tone: 'success' }, 3000);
  };

  return (
    <section className="page product-page">
      <ProductImage product={product} large />
      <div>
        <p className="muted">
          <Link to={`/?category=${encodeURIComponent(product.category)}`}>{product.category}</Link>
        </p>
        <h1>{product.name}</h1>
        <p className="price big">{formatMoney(product.price)}</p>
        <p>
          <StockNote stock={product.stock} />
        </p>
        {product.description && <p className="description">{product.description}</p>}
        <div className="buy">
          <label>
            Quantity
            <input
              name="quantity"
              type="number"
              min={1}
              max={Math.min(maxQuantity, Math.max(1, product.stock))}
              value={quantity}
              onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
            />
          </label>
          <button type="button" className="primary" disabled={product.stock <= 0} onClick={add}>
            Add to cart
          </button>
        </div>
        {inCart > 0 && (
          <p className="muted">
            {inCart} in your <Link to="/cart">cart</Link>.
          </p>
        )}
      </div>
    </section>
  );
}
