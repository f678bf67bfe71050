import { defineConfig } from 'vitest/config';

// The browser tests: a real API (embedded mode, its own ports) serving the built app, driven in Debian's Chromium.
// README_SCREENSHOTS=1 runs the script that takes the README's pictures instead.
const readme = process.env.README_SCREENSHOTS === '1';

export default defineConfig({
  test: {
    environment: 'node',
    include: readme ? ['e2e/readme.shots.ts'] : ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/support/globalSetup.ts'],
    // One API and one browser at a time on a small machine: the files run one after another.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-output/e2e/results.json' }]],
  },
});
