/** Issue 15 item 8: the Markdown export's language and times (Intl, in a given time zone). */
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '#common/conversations';
import { acceptedLanguage, formatExportTime } from './export-locale';
import { conversationMarkdown } from './export-markdown';

describe('export locale', () => {
  it('picks our first language from Accept-Language by q-value, ignoring q=0 and others', () => {
    expect(acceptedLanguage(undefined)).toBeNull();
    expect(acceptedLanguage('fr, it;q=0.8')).toBeNull();
    expect(acceptedLanguage('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(acceptedLanguage('en;q=0.4, de;q=0.7')).toBe('de');
    expect(acceptedLanguage('de;q=0, en-US')).toBe('en');
  });

  it('formats a time in the language and the time zone, not UTC', () => {
    const iso = '2026-01-05T10:00:00.000Z';
    expect(formatExportTime(iso, { language: 'de', timeZone: 'Europe/Berlin' })).toBe('05.01.2026, 11:00');
    expect(formatExportTime(iso, { language: 'en', timeZone: 'America/New_York' })).toMatch(/^Jan 5, 2026, 5:00\sAM$/);
  });

  it('writes a German export in German words with German dates', () => {
    const at = '2026-07-01T18:30:00.000Z';
    const conversation = { title: ' ', createdAt: at, updatedAt: at, activeLeafId: 'b' } as Conversation;
    const messages = [
      { id: 'a', parentId: null, role: 'user', content: 'Hallo', createdAt: at, status: 'complete' },
      { id: 'b', parentId: 'a', role: 'assistant', content: 'Hi', createdAt: at, status: 'stopped' },
    ] as Message[];
    const md = conversationMarkdown(conversation, messages, at, { language: 'de', timeZone: 'Europe/Berlin' });
    expect(md).toContain('# Unterhaltung\n\n*Begonnen 01.07.2026, 20:30 · zuletzt geändert 01.07.2026, 20:30');
    expect(md).toContain('Zeiten in Europe/Berlin*');
    expect(md).toContain('**Du** · 01.07.2026, 20:30\n\nHallo');
    expect(md).toContain('**Assistent** · 01.07.2026, 20:30\n\nHi\n\n*(angehalten)*');
  });
});
