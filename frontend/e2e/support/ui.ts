import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { address } from './seed';

export async function signInThroughUi(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signInAsAdmin(page: Page) {
  const { email, password } = inject('admin');
  await signInThroughUi(page, email, password);
}

/** The signed-in user as the app stored it (its token and customer), for checks through the API. */
export async function storedSession(page: Page): Promise<{ token: string; customer: { id: string; email: string; name: string } }> {
  const session = await page.evaluate(() => localStorage.getItem('ecommerce.session'));
  if (!session) {
    throw new Error('No session is stored in the browser.');
  }
  return JSON.parse(session) as { token: string; customer: { id: string; email: string; name: string } };
}

export async function fillAddress(page: Page) {
  await page.getByLabel('Street').fill(address.street);
  await page.getByLabel('City').fill(address.city);
  await page.getByLabel('State').fill(address.state);
  await page.getByLabel('ZIP code').fill(address.zipCode);
  await page.getByLabel('Country').fill(address.country);
}

/** Opens a product through the storefront's search, and adds some of it to the cart. */
export async function addToCartBySearch(page: Page, name: string, quantity: number) {
  await page.getByLabel('search products').fill(name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('[data-testid=result-count]', { hasText: '1 product found' }).waitFor();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { name }).waitFor();
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
}
