/**
 * Kinds of model server the "Add" dialog offers, each prefilling provider, URL and name. Their
 * label and hint are words in the `connections` namespace (`presets.<id>.label`/`.hint`).
 */
import type { TFunction } from 'i18next';
import type { ProviderKind } from '#common/models';

export type Preset = {
  id: 'lmstudio' | 'ollama' | 'openai' | 'huggingface';
  provider: ProviderKind;
  baseUrl: string;
  name: string;
  /** Whether the server wants an API key. */
  needsKey: boolean;
};

export const presets: readonly Preset[] = [
  {
    id: 'lmstudio',
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1234/v1',
    name: 'LM Studio',
    needsKey: false,
  },
  {
    id: 'ollama',
    provider: 'ollama',
    baseUrl: 'http://127.0.0.1:11434',
    name: 'Ollama',
    needsKey: false,
  },
  {
    id: 'openai',
    provider: 'openai',
    baseUrl: '',
    name: '',
    needsKey: false,
  },
  {
    id: 'huggingface',
    provider: 'openai',
    baseUrl: 'https://router.huggingface.co/v1',
    name: 'Hugging Face',
    needsKey: true,
  },
];

/** The preset a saved connection looks like (for the dialog's hint), else OpenAI-compatible. */
export function presetFor(provider: ProviderKind, baseUrl: string): Preset {
  const url = baseUrl.toLowerCase();
  if (provider === 'ollama') return presets[1]!;
  if (url.includes('huggingface.co')) return presets[3]!;
  if (url.includes(':1234')) return presets[0]!;
  return presets[2]!;
}

/** Human name of a provider kind, with a `t` of the `connections` namespace. */
export const providerLabel = (p: ProviderKind, t: TFunction<'connections'>) =>
  t(p === 'ollama' ? 'provider.ollama' : 'provider.openai');
