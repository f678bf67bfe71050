import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Notification, NotificationPage } from '../api/types';
import { ErrorNote } from '../ui/ErrorNote';
import { formatTime } from '../ui/format';
import { listNotifications, markAllRead, markRead, notificationKeys } from './api';

/** The unread count, live (alert pushes refresh it), and the latest notifications, which open to mark read. */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const { data, error } = useQuery({ queryKey: notificationKeys.all, queryFn: () => listNotifications() });

  const setRead = (updated: Notification) =>
    queryClient.setQueryData<NotificationPage>(notificationKeys.all, (page) =>
      page && {
        ...page,
        unreadCount: Math.max(0, page.unreadCount - (page.items.find((n) => n.id === updated.id && !n.read) ? 1 : 0)),
        items: page.items.map((n) => (n.id === updated.id ? updated : n)),
      },
    );
  const readOne = useMutation({ mutationFn: markRead, onSuccess: setRead });
  const readAll = useMutation({
    mutationFn: markAllRead,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (panel.current && !panel.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const unread = data?.unreadCount ?? 0;
  const openNotification = (n: Notification) => {
    if (!n.read) readOne.mutate(n.id);
    if (n.type.startsWith('order.')) {
      setOpen(false);
      void navigate('/orders');
    }
  };

  return (
    <div className="bell" ref={panel}>
      <button type="button" className="bell-button" aria-label={`notifications, ${unread} unread`} onClick={() => setOpen(!open)}>
        <svg aria-hidden width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="bell-panel card" role="dialog" aria-label="notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button type="button" className="link" disabled={unread === 0 || readAll.isPending} onClick={() => readAll.mutate()}>
              Mark all read
            </button>
          </div>
          <ErrorNote error={error ?? readOne.error ?? readAll.error} />
          {data && data.items.length === 0 && <p className="muted">Nothing yet.</p>}
          <ul>
            {data?.items.map((n) => (
              <li key={n.id} className={n.read ? 'notification' : 'notification unread'}>
                <button type="button" onClick={() => openNotification(n)}>
                  <strong>{n.title}</strong>
                  <span>{n.message}</span>
                  <small className="muted">{formatTime(n.createdAt)}</small>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
