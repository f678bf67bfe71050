import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { ErrorNote } from '../ui/ErrorNote';
import { Pager } from '../ui/Pager';
import { catalogKeys, searchProducts } from './api';
import { ProductGrid } from './ProductGrid';

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const { data, error, isFetching } = useQuery({
    queryKey: catalogKeys.search(q, page),
    queryFn: () => searchProducts(q, page),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });

  return (
    <section className="page">
      <h1>Search{q && <>: “{q}”</>}</h1>
      {!q && <p className="muted">Type in the search box above to find products by name, description or category.</p>}
      <ErrorNote error={error} />
      {isFetching && !data && <p className="muted">Searching…</p>}
      {data && (
        <p className="muted" data-testid="result-count">
          {data.total} {data.total === 1 ? 'product' : 'products'} found
        </p>
      )}
      {data && <ProductGrid products={data.items} />}
      {data && <Pager page={data.page} totalPages={data.totalPages} onPage={(p) => setParams({ q, page: String(p) })} />}
    </section>
  );
}
