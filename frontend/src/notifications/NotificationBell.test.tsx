import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Notification, NotificationPage } from '../api/types';
import { renderPage } from '../test/render';
import { listNotifications, markAllRead, markRead } from './api';
import { NotificationBell } from './NotificationBell';

vi.mock('./api', async (original) => ({
  ...(await original<typeof import('./api')>()),
  listNotifications: vi.fn(),
  markRead: vi.fn(),
  markAllRead: vi.fn(),
}));

const note = (id: string, title: string, read = false): Notification => ({
  id,
  type: 'order.updated',
  title,
  message: `About ${id}`,
  subject: 'o1',
  eventId: `e-${id}`,
  createdAt: '2026-01-01T10:00:00Z',
  read,
  readAt: null,
});

const page = (items: Notification[], unreadCount: number): NotificationPage => ({ items, page: 1, limit: 8, total: items.length, totalPages: 1, unreadCount });

describe('NotificationBell', () => {
  it('shows the unread count, and opening a notification marks it read', async () => {
    vi.mocked(listNotifications).mockResolvedValue(page([note('n1', 'Order shipped'), note('n2', 'Order placed')], 2));
    vi.mocked(markRead).mockResolvedValue(note('n1', 'Order shipped', true));
    renderPage(<NotificationBell />);

    expect(await screen.findByTestId('bell-count')).toHaveTextContent('2');
    fireEvent.click(screen.getByRole('button', { name: 'notifications, 2 unread' }));
    fireEvent.click(screen.getByRole('button', { name: /Order shipped/ }));

    await waitFor(() => expect(screen.getByTestId('bell-count')).toHaveTextContent('1'));
    expect(vi.mocked(markRead).mock.calls[0]![0]).toBe('n1');
    expect(await screen.findByText('My orders page')).toBeInTheDocument();
  });

  it('marks all read and shows no count once none is unread', async () => {
    vi.mocked(listNotifications).mockResolvedValueOnce(page([note('n1', 'Order shipped')], 1)).mockResolvedValue(page([note('n1', 'Order shipped', true)], 0));
    vi.mocked(markAllRead).mockResolvedValue({ marked: 1, unreadCount: 0 });
    renderPage(<NotificationBell />);

    await screen.findByTestId('bell-count');
    fireEvent.click(screen.getByRole('button', { name: /notifications/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));

    await waitFor(() => expect(screen.queryByTestId('bell-count')).toBeNull());
    expect(markAllRead).toHaveBeenCalledTimes(1);
  });
});
