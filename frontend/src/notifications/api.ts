import { http } from '../api/http';
import type { Notification, NotificationPage } from '../api/types';

export const notificationKeys = {
  all: ['notifications'] as const,
  alerts: ['alerts'] as const,
};

export const listNotifications = (limit = 8) => http.get('notifications', { searchParams: { limit } }).json<NotificationPage>();

export const markRead = (id: string) => http.post(`notifications/${encodeURIComponent(id)}/read`).json<Notification>();

export const markAllRead = () => http.post('notifications/read-all').json<{ marked: number; unreadCount: number }>();

export const listAlerts = (page: number, limit = 20) => http.get('alerts', { searchParams: { page, limit } }).json<NotificationPage>();
