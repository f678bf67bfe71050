import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AlertSentData, Order, Page } from '../api/types';
import { useSession } from '../auth/session';
import { rememberOrder } from '../console/orders/recentOrders';
import { notificationKeys } from '../notifications/api';
import { orderKeys } from '../orders/api';
import { newerOrder } from '../orders/orderVersion';
import { showToast } from '../ui/toasts';
import { useHubs } from './LiveProvider';

const adminsInbox = 'admins';

/** Puts an order pushed by the hub into every cached copy; a list that does not hold it yet is read again. */
export function applyOrder(queryClient: QueryClient, order: Order) {
  queryClient.setQueryData<Order>(orderKeys.one(order.id), (old) => (old ? newerOrder(old, order) : old));
  let listed = false;
  queryClient.setQueriesData<Page<Order>>({ queryKey: orderKeys.mine(order.customerId) }, (page) => {
    if (!page?.items.some((o) => o.id === order.id)) {
      return page;
    }
    listed = true;
    return { ...page, items: page.items.map((o) => (o.id === order.id ? newerOrder(o, order) : o)) };
  });
  if (!listed) {
    void queryClient.invalidateQueries({ queryKey: orderKeys.mine(order.customerId) });
  }
}

/** Turns the pushed events into cache updates, in one place, so pages only read the caches. */
export function LiveSync() {
  const hubs = useHubs();
  const queryClient = useQueryClient();
  const isAdmin = useSession()?.customer.role === 'admin';

  useEffect(() => {
    if (!hubs) {
      return;
    }
    // An order event carries the order as it is after the change.
    const offOrders = hubs.orders.onEvent<Order>('order', ({ data: order }) => {
      applyOrder(queryClient, order);
      if (isAdmin) {
        rememberOrder(order);
      }
      // Placing and cancelling move stock: product pages read it again.
      void queryClient.invalidateQueries({ queryKey: ['products'] });
    });
    const offAlerts = hubs.alerts.onEvent<AlertSentData>('alert', ({ data }) => {
      if (data.recipient === adminsInbox) {
        void queryClient.invalidateQueries({ queryKey: notificationKeys.alerts });
        void queryClient.invalidateQueries({ queryKey: ['analytics'] });
        showToast({ title: data.title, message: data.message, tone: 'warning' });
      } else {
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      }
    });
    return () => {
      offOrders();
      offAlerts();
    };
  }, [hubs, queryClient, isAdmin]);

  return null;
}
