import { describe, expect, it } from 'vitest';
import { friendlyServerName } from './friendly-names';

describe('friendlyServerName', () => {
  it('names local and LAN servers in words, never as a bare URL', () => {
    expect(friendlyServerName('openai', 'http://127.0.0.1:1234/v1')).toBe('LM Studio on this computer');
    expect(friendlyServerName('ollama', 'http://localhost:11434')).toBe('Ollama on this computer');
    expect(friendlyServerName('ollama', 'http://192.168.1.31:11434')).toBe('Ollama on 192.168.1.31');
    expect(friendlyServerName('openai', 'https://router.example.org/v1')).toBe('Model server on router.example.org');
    expect(friendlyServerName('openai', 'not a url')).toBe('Model server');
  });
});
