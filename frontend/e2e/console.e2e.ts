import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, newUser, stepShots } from './support/browser';
import { createProduct, getProduct, placeOrder, registerCustomer, runId } from './support/seed';
import { signInAsAdmin } from './support/ui';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const metric = (name: string) => `[data-metric=${name}] .metric-value`;

describe('operator console', () => {
  it('shows a low-stock alert arriving live and the analytics figures moving', async () => {
    const shot = stepShots('low stock alert and analytics');
    const threshold = inject('lowStockThreshold');
    const product = await createProduct({ name: `Lantern ${runId()}`, stock: threshold + 2, price: 45 });
    const buyer = await registerCustomer();
    const { context, page } = await newUser(browser);
    await signInAsAdmin(page);
    await page.goto('/admin');
    await page.locator('.console-head [data-live=live]').waitFor();
    await page.getByTestId('sales-chart').waitFor();
    const before = Number(await page.locator(metric('totalOrders')).textContent());
    await shot(page, 'analytics before');

    // Three units take the stock below the threshold: the alert and the new figures are pushed, not reloaded.
    await placeOrder(buyer, [{ productId: product.id, quantity: 3 }]);
    await page.locator('.toast', { hasText: `Low stock: ${product.name}` }).waitFor();
    await page.locator(metric('totalOrders'), { hasText: new RegExp(`^${before + 1}$`) }).waitFor();
    await page.locator(`[data-top-product="${product.name}"]`).waitFor();
    await page.locator('.low-stock', { hasText: product.name }).waitFor();
    await shot(page, 'alert and analytics after the order');

    await page.getByRole('link', { name: 'Alerts' }).click();
    const alert = page.locator(`[data-alert="${product.id}"]`);
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`down to ${threshold - 1} unit(s)`);
    await shot(page, 'alerts page');
    await context.close();
  });

  it('creates, edits, restocks and deletes a product, with field errors beside their fields', async () => {
    const shot = stepShots('product management');
    const name = `Console chair ${runId()}`;
    const { context, page } = await newUser(browser);
    await signInAsAdmin(page);
    await page.goto('/admin/products');
    await page.getByRole('button', { name: 'New product' }).click();
    const form = page.getByRole('form', { name: 'new product' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Category').fill('furniture');
    await form.getByLabel('Price').fill('-5');
    await form.getByLabel('Stock').fill('8');
    await form.getByRole('button', { name: 'Create product' }).click();
    await form.locator('[data-field=price]').waitFor();
    expect(await form.locator('[data-field]').count()).toBe(1);
    await shot(page, 'price error beside price');

    await form.getByLabel('Price').fill('149.00');
    await form.getByRole('button', { name: 'Create product' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByLabel('filter products').fill(name);
    const row = page.locator(`tr[data-product="${name}"]`);
    await row.waitFor();
    await shot(page, 'created');
    const id = (await row.getByRole('link', { name }).getAttribute('href'))?.split('/').pop() ?? '';
    expect(await getProduct(id)).toMatchObject({ name, price: 149, stock: 8, category: 'furniture' });

    await row.getByLabel(`stock of ${name}`).fill('3');
    await row.getByRole('button', { name: 'Set' }).click();
    await expect.poll(async () => (await getProduct(id)).stock).toBe(3);
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'edit product' });
    await edit.getByLabel('Price').fill('129.50');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await row.getByText('$129.50').waitFor();
    expect(await getProduct(id)).toMatchObject({ price: 129.5, stock: 3 });
    await shot(page, 'restocked and repriced');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: `Delete ${name}?` }).click();
    await page.getByText('No products match.').waitFor();
    const response = await fetch(`${inject('apiUrl')}/api/products/search?q=${encodeURIComponent(name)}`);
    expect(((await response.json()) as { total: number }).total).toBe(0);
    await shot(page, 'deleted');
    await context.close();
  });
});
