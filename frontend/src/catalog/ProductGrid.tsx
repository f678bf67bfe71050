import { Link } from 'react-router';
import type { Product } from '../api/types';
import { formatMoney } from '../ui/format';
import { ProductImage } from './ProductImage';
import { StockNote } from './StockNote';

export function ProductGrid({ products }: { products: Product[] }) {
  return (
    <ul className="product-grid">
      {products.map((p) => (
        <li key={p.id} className="card product-card" data-product={p.name}>
          <Link to={`/products/${p.id}`}>
            <ProductImage product={p} />
            <span className="product-name">{p.name}</span>
          </Link>
          <span className="muted">{p.category}</span>
          <span className="price">{formatMoney(p.price)}</span>
          <StockNote stock={p.stock} />
        </li>
      ))}
    </ul>
  );
}
