// The API's JSON, as the README's contract table describes it. Money arrives as JSON numbers with at most two places.

export type Role = 'customer' | 'admin';

export interface Customer {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: Role;
  createdAt: string;
}

export interface AuthResponse {
  token: string;
  expiresAt: string;
  customer: Customer;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  totalPages: number;
}

export interface Product {
  id: string;
  name: string;
  description: string;
  price: number;
  stock: number;
  category: string;
  images: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ProductInput {
  name: string;
  description: string;
  price: number;
  stock: number;
  category: string;
  images: string[];
}

export const orderStatuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface ShippingAddress {
  street: string;
  city: string;
  state: string;
  zipCode: string;
  country: string;
}

export interface OrderLine {
  productId: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface OrderStatusChange {
  status: OrderStatus;
  at: string;
  actor: string;
}

export interface Order {
  id: string;
  customerId: string;
  items: OrderLine[];
  shippingAddress: ShippingAddress;
  status: OrderStatus;
  total: number;
  createdAt: string;
  updatedAt: string;
  history: OrderStatusChange[];
}

export interface PlaceOrderBody {
  customerId: string;
  items: { productId: string; quantity: number }[];
  shippingAddress: ShippingAddress;
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  message: string;
  subject: string;
  eventId: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

/** What every hub method sends: the event's envelope and its payload. */
export interface LiveMessage<T> {
  id: string;
  type: string;
  time: string;
  subject: string;
  data: T;
}

export interface AlertSentData {
  notificationId: string;
  /** A customer id, or "admins" for the administrators' inbox. */
  recipient: string;
  kind: string;
  title: string;
  message: string;
  about: string;
  sourceEventId: string;
}

export interface LowStockProduct {
  productId: string;
  name: string;
  stock: number;
  threshold: number;
}

export interface AnalyticsSummary {
  version: number;
  asOf: string;
  totalOrders: number;
  revenue: number;
  averageOrderValue: number;
  ordersByStatus: Partial<Record<OrderStatus, number>>;
  cancelledOrders: number;
  cancellationRate: number;
  registrations: number;
  lowStockProducts: LowStockProduct[];
}

export type SalesInterval = 'hour' | 'day';

export interface SalesBucket {
  start: string;
  orders: number;
  revenue: number;
  cancelled: number;
}

export interface SalesResponse {
  interval: SalesInterval;
  from: string;
  to: string;
  buckets: SalesBucket[];
}

export type TopProductsBy = 'units' | 'revenue';

export interface TopProduct {
  productId: string;
  name: string;
  units: number;
  revenue: number;
}

export interface TopProductsResponse {
  by: TopProductsBy;
  limit: number;
  items: TopProduct[];
}

export interface OrderRecordsQuery {
  status?: OrderStatus;
  customerId?: string;
  from?: string;
  to?: string;
  minTotal?: string;
  page: number;
  limit: number;
}
