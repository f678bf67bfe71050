import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Link, Outlet, Route, Routes } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
import { RegisterPage } from '../auth/RegisterPage';
import { RequireUser } from '../auth/RequireUser';
import { SessionGuard } from '../auth/SessionGuard';
import { CartPage } from '../cart/CartPage';
import { CatalogPage } from '../catalog/CatalogPage';
import { ProductPage } from '../catalog/ProductPage';
import { SearchPage } from '../catalog/SearchPage';
import { LiveProvider } from '../live/LiveProvider';
import { LiveSync } from '../live/LiveSync';
import { MyOrdersPage } from '../orders/MyOrdersPage';
import { Toaster } from '../ui/Toaster';
import { Header } from './Header';
import { createQueryClient } from './queryClient';

// The console (and its chart library) loads only when an administrator opens it.
const consolePages = () => import('../console/routes');
const ConsoleLayout = lazy(() => consolePages().then((m) => ({ default: m.ConsoleLayout })));
const AnalyticsConsole = lazy(() => consolePages().then((m) => ({ default: m.AnalyticsConsole })));
const ProductsConsole = lazy(() => consolePages().then((m) => ({ default: m.ProductsConsole })));
const OrdersConsole = lazy(() => consolePages().then((m) => ({ default: m.OrdersConsole })));
const AlertsConsole = lazy(() => consolePages().then((m) => ({ default: m.AlertsConsole })));
const RecordsConsole = lazy(() => consolePages().then((m) => ({ default: m.RecordsConsole })));

function Shell() {
  return (
    <>
      <Header />
      <main>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <Toaster />
      <SessionGuard />
      <LiveSync />
    </>
  );
}

function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <Link to="/">Back to the shop</Link>
    </section>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LiveProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Shell />}>
              <Route index element={<CatalogPage />} />
              <Route path="search" element={<SearchPage />} />
              <Route path="products/:id" element={<ProductPage />} />
              <Route path="cart" element={<CartPage />} />
              <Route path="login" element={<LoginPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="orders" element={<RequireUser><MyOrdersPage /></RequireUser>} />
              <Route path="admin" element={<RequireUser admin><ConsoleLayout /></RequireUser>}>
                <Route index element={<AnalyticsConsole />} />
                <Route path="products" element={<ProductsConsole />} />
                <Route path="orders" element={<OrdersConsole />} />
                <Route path="alerts" element={<AlertsConsole />} />
                <Route path="records" element={<RecordsConsole />} />
              </Route>
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </LiveProvider>
    </QueryClientProvider>
  );
}
