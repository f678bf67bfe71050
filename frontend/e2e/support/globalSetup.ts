import { mkdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startApi } from './apiProcess';
import { outputDir, screenshotDir } from './paths';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    admin: { email: string; password: string };
    lowStockThreshold: number;
  }
}

/** One API for the whole run; each test makes its own customers and products, so none depends on another. */
export default async function setup(project: TestProject) {
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  const api = await startApi();
  project.provide('apiUrl', api.url);
  project.provide('admin', api.admin);
  project.provide('lowStockThreshold', api.lowStockThreshold);
  return async () => {
    await api.stop();
    console.log(`\ne2e: screenshots of each step are in ${screenshotDir}; the API's log is ${outputDir}/api.log`);
  };
}
