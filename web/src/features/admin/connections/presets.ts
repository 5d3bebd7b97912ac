/** Kinds of model server the "Add" dialog offers, each prefilling provider, URL and name. */
import type { ProviderKind } from '#common/models';

export type Preset = {
  id: 'lmstudio' | 'ollama' | 'openai' | 'huggingface';
  label: string;
  provider: ProviderKind;
  baseUrl: string;
  name: string;
  /** Whether the server wants an API key. */
  needsKey: boolean;
  hint: string;
};

export const presets: readonly Preset[] = [
  {
    id: 'lmstudio',
    label: 'LM Studio',
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1234/v1',
    name: 'LM Studio',
    needsKey: false,
    hint: 'Start the server in LM Studio’s Developer tab. From another machine, use its address instead of 127.0.0.1.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    provider: 'ollama',
    baseUrl: 'http://127.0.0.1:11434',
    name: 'Ollama',
    needsKey: false,
    hint: 'Ollama listens on port 11434. From another machine, start it with OLLAMA_HOST=0.0.0.0.',
  },
  {
    id: 'openai',
    label: 'OpenAI-compatible',
    provider: 'openai',
    baseUrl: '',
    name: '',
    needsKey: false,
    hint: 'Any server that speaks the OpenAI API (vLLM, llama.cpp, LocalAI, a hosted service): its URL usually ends in /v1.',
  },
  {
    id: 'huggingface',
    label: 'Hugging Face',
    provider: 'openai',
    baseUrl: 'https://router.huggingface.co/v1',
    name: 'Hugging Face',
    needsKey: true,
    hint: 'Needs a Hugging Face access token with the “Make calls to Inference Providers” permission. Requests leave your network.',
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

/** Human name of a provider kind. */
export const providerLabel = (p: ProviderKind) => (p === 'ollama' ? 'Ollama' : 'OpenAI-compatible');
