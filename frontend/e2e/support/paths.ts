import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = resolve(frontendDir, '..');
export const outputDir = join(frontendDir, 'test-output', 'e2e');
export const screenshotDir = join(outputDir, 'screenshots');
