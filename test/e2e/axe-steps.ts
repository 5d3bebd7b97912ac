/**
 * axe-core in a real page: inject the engine, run it on the page (or on an open dialog), and
 * keep the serious and critical violations as readable lines (rule, what it asks, each target).
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** Impacts that fail the accessibility test (moderate and minor ones are reported, not failed). */
export const FAILING_IMPACTS = ['serious', 'critical'];

/** One violation of one rule on one visit. */
export type Finding = { rule: string; impact: string; help: string; targets: string[] };

/**
 * Puts axe on the page unless it is there already (a full navigation loses it). Injected as a
 * script tag; the context bypasses the app's CSP for this (the CSP forbids inline scripts).
 */
async function ensureAxe(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  if (!present) await page.addScriptTag({ content: axe.source });
}

/**
 * Runs axe on the page, or inside `scope` (a CSS selector, e.g. `dialog[open]`: a modal makes
 * the rest of the page inert, and the page behind was checked on its own visit).
 */
export async function runAxe(page: Page, scope?: string): Promise<Finding[]> {
  await ensureAxe(page);
  const results = await page.evaluate(async (scope) => {
    const engine = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const context = scope ? { include: [[scope]] } : document;
    const r = await engine.run(context as never, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => {
        const summary = n.any[0]?.message ?? n.all[0]?.message ?? n.none[0]?.message ?? '';
        return `${n.target.join(' ')}${summary ? ` — ${summary}` : ''}`;
      }),
    }));
  }, scope);
  return results;
}

/** The findings that do not fail the test (moderate, minor), as `rule (impact)` names. */
export const lesser = (findings: Finding[]): string[] =>
  findings.filter((f) => !FAILING_IMPACTS.includes(f.impact)).map((f) => `${f.rule} (${f.impact})`);

/** The findings that fail the test. */
export const failing = (findings: Finding[]): Finding[] => findings.filter((f) => FAILING_IMPACTS.includes(f.impact));

/** Findings as lines for a failure message: `visit: rule (impact): help` then each target. */
export function describeFindings(visit: string, findings: Finding[]): string[] {
  return findings.flatMap((f) => [
    `${visit}: ${f.rule} (${f.impact}): ${f.help}`,
    ...f.targets.slice(0, 8).map((t) => `    ${t}`),
    ...(f.targets.length > 8 ? [`    … and ${f.targets.length - 8} more`] : []),
  ]);
}
