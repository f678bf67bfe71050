import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorNote } from '../ui/ErrorNote';
import { Pager } from '../ui/Pager';
import { catalogKeys, listProducts } from './api';
import { ProductGrid } from './ProductGrid';

/** The catalog has no list of categories: the chips are those of its first hundred products, plus the one chosen. */
function useCategories(chosen: string | undefined) {
  const { data } = useQuery({ queryKey: catalogKeys.list(undefined, 1, 100), queryFn: () => listProducts(undefined, 1, 100), staleTime: 60_000 });
  const names = new Set(data?.items.map((p) => p.category));
  if (chosen) {
    names.add(chosen);
  }
  return [...names].sort();
}

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const category = params.get('category') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const categories = useCategories(category);
  const { data, error, isPending } = useQuery({
    queryKey: catalogKeys.list(category, page),
    queryFn: () => listProducts(category, page),
    placeholderData: keepPreviousData,
  });

  const go = (next: { category?: string; page?: number }) => {
    const search = new URLSearchParams();
    if (next.category) search.set('category', next.category);
    if (next.page && next.page > 1) search.set('page', String(next.page));
    setParams(search);
  };

  return (
    <section className="page">
      <h1>{category ? `Category: ${category}` : 'All products'}</h1>
      <nav className="chips" aria-label="categories">
        <Link className={!category ? 'chip active' : 'chip'} to="/">
          All
        </Link>
        {categories.map((c) => (
          <button key={c} type="button" className={c === category ? 'chip active' : 'chip'} onClick={() => go({ category: c })}>
            {c}
          </button>
        ))}
      </nav>
      <ErrorNote error={error} />
      {isPending && <p className="muted">Loading products…</p>}
      {data && data.items.length === 0 && <p className="muted">No products here yet.</p>}
      {data && <ProductGrid products={data.items} />}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={(p) => go({ category, page: p })} />}
    </section>
  );
}
