import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchBrowser, newUser } from './support/browser';
import { repoRoot } from './support/paths';
import { changeStatus, createProduct, customerPassword, placeOrder, registerCustomer } from './support/seed';
import { signInAsAdmin, signInThroughUi } from './support/ui';

// Not a test of the product: `npm run screenshots` runs this to take the README's pictures (docs/images/).
const catalog = [
  { name: 'Trail Running Shoes', category: 'sports', price: 89.9, stock: 42, description: 'Light, grippy and made for mud.' },
  { name: 'Espresso Beans 1 kg', category: 'grocery', price: 21.5, stock: 120, description: 'Dark roast from a small farm.' },
  { name: 'Noise-Cancelling Headphones', category: 'electronics', price: 249, stock: 15, description: 'Quiet on the train.' },
  { name: 'Ceramic Teapot', category: 'kitchen', price: 34.0, stock: 8, description: 'Holds four cups.' },
  { name: 'Mechanical Keyboard', category: 'electronics', price: 119.99, stock: 25, description: 'Tactile switches.' },
  { name: 'Yoga Mat', category: 'sports', price: 29.95, stock: 60, description: 'Non-slip, 6 mm.' },
  { name: 'Cast Iron Skillet', category: 'kitchen', price: 45.5, stock: 18, description: 'Pre-seasoned.' },
  { name: 'Desk Lamp', category: 'home', price: 39.0, stock: 6, description: 'Warm light, dimmable.' },
];

describe('README screenshots', () => {
  it('takes the storefront and the console', async () => {
    const products = [];
    for (const p of catalog) {
      products.push(await createProduct(p));
    }
    const [shoes, beans, headphones, teapot, keyboard, , skillet] = products;
    const ada = await registerCustomer('Ada Lovelace');
    const grace = await registerCustomer('Grace Hopper');
    const orders = [
      await placeOrder(ada, [{ productId: shoes!.id, quantity: 1 }, { productId: beans!.id, quantity: 2 }]),
      await placeOrder(grace, [{ productId: headphones!.id, quantity: 1 }]),
      await placeOrder(grace, [{ productId: teapot!.id, quantity: 5 }]),
      await placeOrder(ada, [{ productId: keyboard!.id, quantity: 1 }, { productId: skillet!.id, quantity: 1 }]),
    ];
    await changeStatus(orders[0]!.id, 'confirmed');
    await changeStatus(orders[0]!.id, 'shipped');
    await changeStatus(orders[1]!.id, 'confirmed');

    const browser = await launchBrowser();
    const shopper = await newUser(browser);
    await signInThroughUi(shopper.page, ada.customer.email, customerPassword);
    await shopper.page.goto('/');
    await shopper.page.getByText('Trail Running Shoes').waitFor();
    await shopper.page.locator('[data-testid=bell-count]').waitFor();
    const storefront = join(repoRoot, 'docs', 'images', 'storefront.png');
    await shopper.page.screenshot({ path: storefront });

    const admin = await newUser(browser);
    await signInAsAdmin(admin.page);
    await admin.page.goto('/admin');
    await admin.page.locator('[data-metric=totalOrders] .metric-value', { hasText: '4' }).waitFor();
    await admin.page.locator('[data-top-product="Noise-Cancelling Headphones"]').waitFor();
    await admin.page.locator('.console-head [data-live=live]').waitFor();
    const consolePicture = join(repoRoot, 'docs', 'images', 'console.png');
    await admin.page.screenshot({ path: consolePicture, fullPage: true });
    await browser.close();

    expect(statSync(storefront).size).toBeGreaterThan(10_000);
    expect(statSync(consolePicture).size).toBeGreaterThan(10_000);
  });
});
