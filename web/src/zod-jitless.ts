/**
 * Turns zod's JIT off before any schema exists. zod decides when each object schema is built
 * (at import time, for the contracts in common/) whether to compile a fast parser, probing with
 * `new Function` — which the CSP forbids, so every page load reported a violation. Imported
 * first by main.tsx: ES modules run in import order, so this runs before common/ builds a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
