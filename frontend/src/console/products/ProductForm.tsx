import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors } from '../../api/problems';
import type { Product, ProductInput } from '../../api/types';
import { createProduct, updateProduct } from '../../catalog/api';
import { ErrorNote } from '../../ui/ErrorNote';
import { FieldError, OtherFieldErrors } from '../../ui/FieldError';

interface Draft {
  name: string;
  description: string;
  price: string;
  stock: string;
  category: string;
  images: string;
}

const toDraft = (p?: Product): Draft => ({
  name: p?.name ?? '',
  description: p?.description ?? '',
  price: p ? String(p.price) : '',
  stock: p ? String(p.stock) : '',
  category: p?.category ?? '',
  images: p?.images.join('\n') ?? '',
});

// An empty number box is sent as null, so the API names the missing field instead of reading it as 0.
const number = (text: string) => (text.trim() === '' ? null : Number(text));

/** The body for the API: everything when creating; only what changed when editing, so a stock taken by orders meanwhile is kept. */
export function productBody(draft: Draft, original?: Product): Partial<Record<keyof ProductInput, unknown>> {
  const full = {
    name: draft.name,
    description: draft.description,
    price: number(draft.price),
    stock: number(draft.stock),
    category: draft.category,
    images: draft.images.split('\n').map((s) => s.trim()).filter(Boolean),
  };
  if (!original) {
    return full;
  }
  const before = toDraft(original);
  return Object.fromEntries(Object.entries(full).filter(([key]) => draft[key as keyof Draft] !== before[key as keyof Draft]));
}

const shownFields = ['name', 'description', 'price', 'stock', 'category', 'images'];

export function ProductForm({ product, onDone }: { product?: Product; onDone: (saved?: Product) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(product));
  const mutation = useMutation({
    mutationFn: (body: Partial<Record<keyof ProductInput, unknown>>) =>
      product ? updateProduct(product.id, body as Partial<ProductInput>) : createProduct(body as unknown as ProductInput),
    onSuccess: (saved) => onDone(saved),
  });
  const errors = fieldErrors(mutation.error);
  const imageErrors = Object.keys(errors).filter((k) => k.startsWith('images['));
  const set = (name: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = productBody(draft, product);
    if (product && Object.keys(body).length === 0) {
      onDone();
      return;
    }
    mutation.mutate(body);
  };

  return (
    <form className="form card product-form" onSubmit={submit} noValidate aria-label={product ? 'edit product' : 'new product'}>
      <h2>{product ? `Edit ${product.name}` : 'New product'}</h2>
      <div className="grid-2">
        <label>
          Name
          <input name="name" value={draft.name} onChange={set('name')} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Category
          <input name="category" value={draft.category} onChange={set('category')} />
          <FieldError errors={errors} name="category" />
        </label>
        <label>
          Price (USD)
          <input name="price" type="number" step="0.01" min="0" value={draft.price} onChange={set('price')} />
          <FieldError errors={errors} name="price" />
        </label>
        <label>
          Stock
          <input name="stock" type="number" step="1" min="0" value={draft.stock} onChange={set('stock')} />
          <FieldError errors={errors} name="stock" />
        </label>
      </div>
      <label>
        Description
        <textarea name="description" rows={3} value={draft.description} onChange={set('description')} />
        <FieldError errors={errors} name="description" />
      </label>
      <label>
        Image URLs <span className="muted">(one per line)</span>
        <textarea name="images" rows={2} value={draft.images} onChange={set('images')} />
        <FieldError errors={errors} name="images" />
        {imageErrors.map((k) => (
          <FieldError key={k} errors={errors} name={k} />
        ))}
      </label>
      <OtherFieldErrors errors={errors} shown={[...shownFields, ...imageErrors]} />
      <ErrorNote error={mutation.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {product ? 'Save changes' : 'Create product'}
        </button>
        <button type="button" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
