/** Packaging checks (deploy/): need systemd's tools and shellcheck, so they run apart from `npm test`. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/deploy/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
