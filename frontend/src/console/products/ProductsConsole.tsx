import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Page, Product } from '../../api/types';
import { catalogKeys, deleteProduct, listProducts, searchProducts } from '../../catalog/api';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatMoney } from '../../ui/format';
import { Pager } from '../../ui/Pager';
import { showToast } from '../../ui/toasts';
import { ProductForm } from './ProductForm';
import { StockCell } from './StockCell';

const limit = 20;

function DeleteButton({ product, onDeleted }: { product: Product; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({ mutationFn: () => deleteProduct(product.id), onSuccess: onDeleted });
  if (!confirming) {
    return (
      <button type="button" className="danger small" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="button" className="danger small" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
        Delete {product.name}?
      </button>
      <button type="button" className="small" onClick={() => setConfirming(false)}>
        Keep
      </button>
      <ErrorNote error={mutation.error} />
    </span>
  );
}

export function ProductsConsole() {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const text = q.trim();
  const key = text ? catalogKeys.search(text, page, limit) : catalogKeys.list(undefined, page, limit);
  const { data, error } = useQuery({
    queryKey: key,
    queryFn: () => (text ? searchProducts(text, page, limit) : listProducts(undefined, page, limit)),
    placeholderData: keepPreviousData,
  });

  // The answer of a change is the product as stored: shown at once (lists may take a moment to catch up).
  const saved = (product: Product) => {
    queryClient.setQueryData<Page<Product>>(key, (old) => old && { ...old, items: old.items.map((p) => (p.id === product.id ? product : p)) });
    queryClient.setQueryData(catalogKeys.one(product.id), product);
  };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: catalogKeys.all });

  return (
    <section>
      <header className="console-head">
        <h1>Products</h1>
        <input type="search" placeholder="Filter by text…" aria-label="filter products" value={q} onChange={(e) => { setQ(e.target.value); setPage(1); }} />
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New product
        </button>
      </header>
      {editing && (
        <ProductForm
          key={editing === 'new' ? 'new' : editing.id}
          product={editing === 'new' ? undefined : editing}
          onDone={(product) => {
            setEditing(null);
            if (product) {
              saved(product);
              refresh();
              showToast({ title: editing === 'new' ? 'Product created' : 'Product saved', message: product.name, tone: 'success' }, 3000);
            }
          }}
        />
      )}
      <ErrorNote error={error} />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Category</th>
            <th className="num">Price</th>
            <th>Stock</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.items.map((p) => (
            <tr key={p.id} data-product={p.name}>
              <td>
                <Link to={`/products/${p.id}`}>{p.name}</Link>
              </td>
              <td>{p.category}</td>
              <td className="num">{formatMoney(p.price)}</td>
              <td>
                <StockCell key={`${p.id}-${p.version}`} product={p} onSaved={saved} />
              </td>
              <td className="row-actions">
                <button type="button" className="small" onClick={() => setEditing(p)}>
                  Edit
                </button>
                <DeleteButton product={p} onDeleted={refresh} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.items.length === 0 && <p className="muted">No products{text ? ' match' : ' yet'}.</p>}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={setPage} />}
    </section>
  );
}
