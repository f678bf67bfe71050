import { useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { fieldErrors, statusOf } from '../../api/problems';
import { orderStatuses, type OrderRecordsQuery, type OrderStatus } from '../../api/types';
import { ErrorNote } from '../../ui/ErrorNote';
import { FieldError, OtherFieldErrors } from '../../ui/FieldError';
import { formatMoney, formatTime, shortId } from '../../ui/format';
import { Pager } from '../../ui/Pager';
import { StatusBadge } from '../../ui/StatusBadge';
import { exportOrderRecords, searchOrderRecords } from './api';

type Filters = Omit<OrderRecordsQuery, 'page' | 'limit'>;

const limit = 20;

/** A server without the records (no records store, or an API before them) answers 404 or 503 for these routes. */
const unavailable = (error: unknown) => [404, 503].includes(statusOf(error) ?? 0);

function Unavailable() {
  return (
    <p className="card info-note" data-testid="records-unavailable">
      Order records are not available on this server right now.
    </p>
  );
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function RecordsConsole() {
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const records = useQuery({
    queryKey: ['records', filters, page],
    queryFn: () => searchOrderRecords({ ...filters, page, limit }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const csv = useMutation({
    mutationFn: () => exportOrderRecords(draft.from, draft.to),
    onSuccess: (blob) => save(blob, `orders${draft.from ? `-from-${draft.from}` : ''}${draft.to ? `-to-${draft.to}` : ''}.csv`),
  });
  const errors = { ...fieldErrors(records.error), ...fieldErrors(csv.error) };
  const missing = unavailable(records.error) || unavailable(csv.error);
  const set = (name: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value || undefined });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setPage(1);
  };

  return (
    <section>
      <header className="console-head">
        <h1>Order records</h1>
      </header>
      <form className="form card filters" onSubmit={submit} noValidate>
        <div className="grid-3">
          <label>
            Status
            <select name="status" value={draft.status ?? ''} onChange={(e) => setDraft({ ...draft, status: (e.target.value || undefined) as OrderStatus | undefined })}>
              <option value="">any</option>
              {orderStatuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
            <FieldError errors={errors} name="status" />
          </label>
          <label>
            Customer id
            <input name="customerId" value={draft.customerId ?? ''} onChange={set('customerId')} />
            <FieldError errors={errors} name="customerId" />
          </label>
          <label>
            Minimum total
            <input name="minTotal" type="number" min="0" step="0.01" value={draft.minTotal ?? ''} onChange={set('minTotal')} />
            <FieldError errors={errors} name="minTotal" />
          </label>
          <label>
            From
            <input name="from" type="date" value={draft.from ?? ''} onChange={set('from')} />
            <FieldError errors={errors} name="from" />
          </label>
          <label>
            To
            <input name="to" type="date" value={draft.to ?? ''} onChange={set('to')} />
            <FieldError errors={errors} name="to" />
          </label>
        </div>
        <OtherFieldErrors errors={errors} shown={['status', 'customerId', 'minTotal', 'from', 'to']} />
        <div className="actions">
          <button type="submit" className="primary">
            Search
          </button>
          <button type="button" disabled={csv.isPending} onClick={() => csv.mutate()}>
            {csv.isPending ? 'Exporting…' : 'Export CSV (from–to)'}
          </button>
        </div>
        {!unavailable(csv.error) && <ErrorNote error={csv.error} />}
      </form>

      {missing && <Unavailable />}
      {!unavailable(records.error) && <ErrorNote error={records.error} />}
      {records.data && (
        <>
          <p className="muted">{records.data.total} orders, newest first</p>
          <table className="table">
            <thead>
              <tr>
                <th>Order</th>
                <th>Customer</th>
                <th>Placed</th>
                <th>Status</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {records.data.items.map((o) => (
                <tr key={o.id}>
                  <td title={o.id}>{shortId(o.id)}</td>
                  <td title={o.customerId}>{shortId(o.customerId)}</td>
                  <td>{formatTime(o.createdAt)}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  <td className="num">{formatMoney(o.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={records.data.page} totalPages={records.data.totalPages} onPage={setPage} />
        </>
      )}
    </section>
  );
}
