// The console's pages, as one chunk the app loads on demand.
export { AlertsConsole } from './alerts/AlertsConsole';
export { AnalyticsConsole } from './analytics/AnalyticsConsole';
export { ConsoleLayout } from './ConsoleLayout';
export { OrdersConsole } from './orders/OrdersConsole';
export { ProductsConsole } from './products/ProductsConsole';
export { RecordsConsole } from './records/RecordsConsole';
