import { useState } from 'react';
import type { Product } from '../api/types';

/** The product's first image, or a tile with its initials when it has none or it does not load. */
export function ProductImage({ product, large = false }: { product: Product; large?: boolean }) {
  const [failed, setFailed] = useState(false);
  const url = product.images[0];
  const className = large ? 'product-image large' : 'product-image';
  if (!url || failed) {
    const hue = [...product.category].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
    return (
      <div className={className} style={{ background: `hsl(${hue} 55% 88%)`, color: `hsl(${hue} 45% 30%)` }} aria-hidden>
        {product.name.slice(0, 2).toUpperCase()}
      </div>
    );
  }
  return <img className={className} src={url} alt="" onError={() => setFailed(true)} />;
}
