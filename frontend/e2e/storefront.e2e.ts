import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newUser, stepShots } from './support/browser';
import { createProduct, customerPassword, ordersOf, placeOrder, registerCustomer, runId, changeStatus, setStock } from './support/seed';
import { addToCartBySearch, fillAddress, signInAsAdmin, signInThroughUi, storedSession } from './support/ui';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('storefront', () => {
  it('a customer registers, searches and orders once on a double click, and sees the status change live as an admin ships it', async () => {
    const shot = stepShots('customer orders and admin ships');
    const id = runId();
    const product = await createProduct({ name: `Teapot ${id}`, stock: 20, price: 32.5, category: `kitchen-${id}` });
    const admin = await newUser(browser);
    const customer = await newUser(browser);

    // The admin watches the console's orders: new orders arrive there live.
    await signInAsAdmin(admin.page);
    await admin.page.goto('/admin/orders');
    await admin.page.getByRole('heading', { name: 'Orders' }).waitFor();
    await admin.page.locator('.console-nav [data-live=live]').waitFor();

    const page = customer.page;
    await page.goto('/register');
    await page.getByLabel('Name').fill(`Ada ${id}`);
    await page.getByLabel('Email').fill(`ada-${id}@e2e.example`);
    await page.getByLabel('Password').fill(customerPassword);
    await shot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await shot(page, 'registered');

    await addToCartBySearch(page, product.name, 2);
    await page.getByText('20 in stock').waitFor();
    await shot(page, 'product page');
    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.locator('[data-testid=cart-total]', { hasText: '$65.00' }).waitFor();
    await fillAddress(page);
    await shot(page, 'cart and address');

    // Two clicks in a row send the same Idempotency-Key: one order.
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.getByRole('heading', { name: /My orders/ }).waitFor();
    const card = page.locator('.order-card');
    await card.locator('[data-status=pending]').waitFor();
    await page.locator('h1 [data-live=live]').waitFor();
    await shot(page, 'order placed');
    const session = await storedSession(page);
    const placed = await ordersOf(session);
    expect(placed.total).toBe(1);
    expect(await card.count()).toBe(1);
    const orderId = placed.items[0]!.id;

    // The admin's list shows the order without a reload; confirming and shipping it shows on the customer's page live.
    const row = admin.page.locator(`tr[data-order="${orderId}"]`);
    await row.waitFor();
    await shot(admin.page, 'admin sees the new order');
    await row.getByRole('button', { name: 'Confirm' }).click();
    await row.locator('[data-status=confirmed]').waitFor();
    await page.locator(`[data-order="${orderId}"] [data-status=confirmed]`).waitFor();
    await row.getByRole('button', { name: 'Ship' }).click();
    await row.locator('[data-status=shipped]').waitFor();
    await shot(admin.page, 'admin shipped the order');
    await page.locator(`[data-order="${orderId}"] [data-status=shipped]`).waitFor();
    await shot(page, 'customer sees shipped');

    // Placed, confirmed, shipped: three notifications, counted by the bell as they came.
    await page.locator('[data-testid=bell-count]', { hasText: /^3$/ }).waitFor();
    await page.getByRole('button', { name: /notifications/ }).click();
    await page.getByRole('dialog', { name: 'notifications' }).getByText('Order shipped').waitFor();
    await shot(page, 'bell with three notifications');
    expect((await ordersOf(session)).items[0]!.status).toBe('shipped');

    await admin.context.close();
    await customer.context.close();
  });

  it('the bell counts notifications as they arrive and marks them read', async () => {
    const shot = stepShots('bell counts and marks read');
    const product = await createProduct({ name: `Bell lamp ${runId()}`, stock: 50 });
    const buyer = await registerCustomer();
    const { context, page } = await newUser(browser);
    await signInThroughUi(page, buyer.customer.email, customerPassword);
    await page.locator('[data-testid=bell-count]').waitFor({ state: 'detached' });
    await shot(page, 'no notifications');

    const order = await placeOrder(buyer, [{ productId: product.id, quantity: 1 }]);
    await page.locator('[data-testid=bell-count]', { hasText: /^1$/ }).waitFor();
    await changeStatus(order.id, 'confirmed');
    await page.locator('[data-testid=bell-count]', { hasText: /^2$/ }).waitFor();
    await shot(page, 'two unread');

    await page.getByRole('button', { name: /notifications/ }).click();
    const panel = page.getByRole('dialog', { name: 'notifications' });
    await panel.locator('.notification.unread').first().waitFor();
    expect(await panel.locator('.notification.unread').count()).toBe(2);
    await panel.getByRole('button', { name: /Order placed/ }).click();
    await page.getByRole('heading', { name: /My orders/ }).waitFor();
    await page.locator('[data-testid=bell-count]', { hasText: /^1$/ }).waitFor();
    await shot(page, 'one read');

    await page.getByRole('button', { name: /notifications/ }).click();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.locator('[data-testid=bell-count]').waitFor({ state: 'detached' });
    await shot(page, 'all read');
    await context.close();
  });

  it('an order for more than the stock shows the conflict naming the product, and goes through with what is left', async () => {
    const shot = stepShots('stock conflict');
    const product = await createProduct({ name: `Rare vase ${runId()}`, stock: 3, price: 120 });
    const buyer = await registerCustomer();
    const { context, page } = await newUser(browser);
    await signInThroughUi(page, buyer.customer.email, customerPassword);
    await addToCartBySearch(page, product.name, 3);
    // Someone else takes two meanwhile.
    await setStock(product.id, 1);
    await page.goto('/cart');
    await fillAddress(page);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('alert').filter({ hasText: `Not enough stock of ${product.name}: 3 wanted, only 1 available.` }).waitFor();
    await shot(page, 'conflict shown');
    expect((await ordersOf(buyer)).total).toBe(0);

    await page.getByRole('button', { name: `Take the 1 available of ${product.name}` }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.locator('.order-card [data-status=pending]').waitFor();
    await shot(page, 'ordered what was left');
    expect((await ordersOf(buyer)).total).toBe(1);
    await context.close();
  });

  it('shows field errors beside their fields, and sends a refused session back to the login page', async () => {
    const shot = stepShots('field errors and expired session');
    const { context, page } = await newUser(browser);
    await page.goto('/register');
    await page.getByLabel('Name').fill('Weak Password');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('[data-field=password]').waitFor();
    await page.locator('[data-field=email]').waitFor();
    expect(await page.locator('[data-field=name]').count()).toBe(0);
    await shot(page, 'register field errors');

    // A token the API refuses (here: signed with another key) ends the session on the next call.
    const buyer = await registerCustomer();
    await signInThroughUi(page, buyer.customer.email, customerPassword);
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('ecommerce.session') ?? '{}') as { token: string };
      localStorage.setItem('ecommerce.session', JSON.stringify({ ...session, token: `${session.token.split('.').slice(0, 2).join('.')}.forged` }));
    });
    await page.goto('/orders');
    await page.getByText('Your session has ended; please sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await shot(page, 'back to login');
    // Signing in again leads back to the page that was asked for.
    await page.getByLabel('Email').fill(buyer.customer.email);
    await page.getByLabel('Password').fill(customerPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My orders/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/orders');
    await context.close();
  });
});
