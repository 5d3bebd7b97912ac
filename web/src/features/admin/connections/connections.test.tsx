/** The Model servers tab speaks German: a test's outcome (with its count as a plural) and a preset's hint. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { i18next, loadAllWords } from '#web/lib/i18n';
import { TestResult } from './TestResult';
import { providerLabel } from './presets';

const reachable = (modelCount: number) => ({
  reachable: true,
  modelCount,
  models: ['qwen3', 'llama3.2', 'gemma3', 'phi4', 'mistral'].slice(0, modelCount),
  latencyMs: 12,
});
/** The words a member reads, without the markup around them. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// Only the sign-in words are bundled; the rest load when the signed-in app starts (lib/i18n.ts).
beforeAll(async () => {
  await loadAllWords();
  await i18next.loadLanguages('de');
});
afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('model servers words', () => {
  it('says a test’s outcome in English as before', async () => {
    await i18next.changeLanguage('en');
    expect(text(renderToStaticMarkup(<TestResult result={reachable(1)} />))).toBe('Reachable · 1 model · 12 ms qwen3');
    expect(text(renderToStaticMarkup(<TestResult result={reachable(5)} />))).toMatch(
      /^Reachable · 5 models · 12 ms qwen3, llama3\.2, gemma3, phi4, …$/,
    );
    const slow = { reachable: false, modelCount: 0, models: [], latencyMs: 1500 };
    expect(text(renderToStaticMarkup(<TestResult result={slow} />))).toBe('Not reachable (1,500 ms)');
  });

  it('says it in German, with the model count as a plural, and the preset words too', async () => {
    await i18next.changeLanguage('de');
    expect(text(renderToStaticMarkup(<TestResult result={reachable(1)} />))).toBe(
      'Erreichbar · 1 Modell · 12 ms qwen3',
    );
    expect(text(renderToStaticMarkup(<TestResult result={reachable(3)} />))).toContain(
      'Erreichbar · 3 Modelle · 12 ms',
    );
    const down = { reachable: false, modelCount: 0, models: [], latencyMs: 40, error: 'ECONNREFUSED' };
    expect(text(renderToStaticMarkup(<TestResult result={down} />))).toBe('Nicht erreichbar: ECONNREFUSED (40 ms)');
    const slow = { ...down, latencyMs: 1500 };
    expect(text(renderToStaticMarkup(<TestResult result={slow} />))).toBe('Nicht erreichbar: ECONNREFUSED (1.500 ms)');
    expect(text(renderToStaticMarkup(<TestResult pending />))).toBe('Wird getestet…');
    const t = i18next.getFixedT('de', 'connections');
    expect(providerLabel('openai', t)).toBe('OpenAI-kompatibel');
    expect(t('presets.ollama.hint')).toContain('OLLAMA_HOST=0.0.0.0');
    expect(t('section.title')).toBe('Modellserver');
  });
});
