/** Family safety's audit entries read as sentences, without field names or ids. */
import { describe, expect, it } from 'vitest';
import { auditSummary, type NamedUser } from '#server/safety/audit-summary';

const mum: NamedUser = { id: 'u-mum', username: 'mum', displayName: 'Mum' };
const kid: NamedUser = { id: 'u-kid', username: 'kid', displayName: 'Alex' };
const say = (action: string, detail: Record<string, unknown>, actor: NamedUser = mum) =>
  auditSummary({ action, actor, targetUser: kid, detail });

describe('family audit sentences', () => {
  it('names the controls in words and full transcripts on its own', () => {
    expect(say('family.updated', { fields: ['quietHours', 'dailyMessages', 'directMessagesWith'] })).toBe(
      'Mum changed Alex’s quiet hours, daily message limit and who they may message',
    );
    expect(say('family.updated', { fields: ['fullTranscripts', 'ageBand'], fullTranscripts: true })).toBe(
      'Mum turned on full transcripts for Alex',
    );
    expect(say('family.updated', { fields: ['fullTranscripts'], fullTranscripts: false })).toBe(
      'Mum turned off full transcripts for Alex',
    );
    expect(say('user.updated', { fields: ['guardianIds'] })).toBe('Mum changed Alex’s guardians');
  });

  it('says what was given, reviewed, read or refused', () => {
    expect(say('family.extra', { messages: 10, tokens: 2000 })).toBe(
      'Mum gave Alex 10 more messages and 2000 more tokens for today',
    );
    expect(say('family.flag_reviewed', { flagId: 'f1' })).toBe('Mum marked a safety flag of Alex as reviewed');
    expect(say('family.transcript_viewed', { conversationId: 'c1' })).toBe(
      'Mum read a conversation of Alex (full transcripts)',
    );
    expect(say('family.denied', { what: 'transcripts' })).toBe('Mum was refused Alex’s conversations');
    expect(say('family.denied', { what: 'something new' })).toBe('Mum was refused Alex’s family page');
    for (const text of [say('family.updated', { fields: ['allowTokens'] }), say('family.denied', { what: 'usage' })])
      expect(text).not.toMatch(/u-kid|u-mum|allowTokens/);
  });
});
