import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Order } from '../../api/types';
import { apiError } from '../../test/problems';
import { order } from '../../test/orders';
import { renderPage } from '../../test/render';
import { exportOrderRecords, searchOrderRecords } from './api';
import { RecordsConsole } from './RecordsConsole';

vi.mock('./api', () => ({ searchOrderRecords: vi.fn(), exportOrderRecords: vi.fn() }));

const search = vi.mocked(searchOrderRecords);

describe('RecordsConsole', () => {
  it.each([404, 503])('says the order records are not available when the API answers %i, once', async (status) => {
    search.mockRejectedValue(apiError(status));
    vi.mocked(exportOrderRecords).mockRejectedValue(apiError(status));
    renderPage(<RecordsConsole />);

    expect(await screen.findByTestId('records-unavailable')).toHaveTextContent('Order records are not available');
    fireEvent.click(screen.getByRole('button', { name: /Export CSV/ }));
    await vi.waitFor(() => expect(exportOrderRecords).toHaveBeenCalled());
    expect(screen.getAllByTestId('records-unavailable')).toHaveLength(1);
  });

  it('lists the orders found, newest first as the API answers, and sends the filters given', async () => {
    const found: Order[] = [order('aaaaaaaaaaaaaaaaaa111111', ['pending', 'confirmed']), order('aaaaaaaaaaaaaaaaaa222222', ['pending'])];
    search.mockResolvedValue({ items: found, page: 1, limit: 20, total: 2, totalPages: 1 });
    renderPage(<RecordsConsole />);

    expect(await screen.findByText('2 orders, newest first')).toBeInTheDocument();
    expect(screen.getByText('#111111')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'confirmed' } });
    fireEvent.change(screen.getByLabelText('Minimum total'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await vi.waitFor(() => expect(search).toHaveBeenLastCalledWith({ status: 'confirmed', minTotal: '50', page: 1, limit: 20 }));
  });

  it("shows the API's field errors beside the filters", async () => {
    search.mockRejectedValue(apiError(400, { errors: { minTotal: ['The minTotal parameter must be a number.'] } }));
    renderPage(<RecordsConsole />);

    const message = await screen.findByText('The minTotal parameter must be a number.');
    expect(message.closest('label')).toHaveTextContent('Minimum total');
  });
});
