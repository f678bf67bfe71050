import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors } from '../../api/problems';
import type { Product } from '../../api/types';
import { updateProduct } from '../../catalog/api';
import { ErrorNote } from '../../ui/ErrorNote';
import { FieldError } from '../../ui/FieldError';

/** Sets a product's stock in place. */
export function StockCell({ product, onSaved }: { product: Product; onSaved: (p: Product) => void }) {
  const [value, setValue] = useState(String(product.stock));
  const mutation = useMutation({
    mutationFn: () => updateProduct(product.id, { stock: value.trim() === '' ? (null as unknown as number) : Number(value) }),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(mutation.error);
  const changed = value !== String(product.stock);
  return (
    <div className="stock-cell">
      <input
        aria-label={`stock of ${product.name}`}
        type="number"
        min={0}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onFocus={() => mutation.reset()}
      />
      <button type="button" className="small" disabled={!changed || mutation.isPending} onClick={() => mutation.mutate()}>
        Set
      </button>
      <FieldError errors={errors} name="stock" />
      {Object.keys(errors).length === 0 && <ErrorNote error={mutation.error} />}
    </div>
  );
}
