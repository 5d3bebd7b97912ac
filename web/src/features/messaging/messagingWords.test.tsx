/** People chat's words in German: typing, presence, sizes, notifications, and a rendered reply box. */
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { i18next, loadAllWords } from '#web/lib/i18n';
import { ApiError } from '#common/api-transport';
import { fileSize, presenceText, uploadErrorText } from './format';
import { preview } from './notify';
import { Reactions } from './Reactions';
import { RoomComposer } from './RoomComposer';
import { typingText } from './typing';
import type { RoomMessage } from './types';

const message = (over: Partial<RoomMessage> = {}): RoomMessage => ({
  id: 'm1',
  roomId: 'r',
  seq: 1,
  updatedSeq: 1,
  kind: 'person',
  sender: { id: 'anna', username: 'anna', displayName: 'Anna' },
  text: 'Essen ist fertig',
  mentions: [],
  reactions: [],
  attachments: [],
  createdAt: new Date().toISOString(),
  ...over,
});

// Only the sign-in words are bundled; people chat's load when the signed-in app starts.
beforeAll(async () => {
  await loadAllWords();
  await i18next.changeLanguage('de');
});
afterAll(async () => {
  await i18next.changeLanguage('en');
});

describe('people chat in German', () => {
  it('says who is typing, who is here and how big a file is', () => {
    expect(typingText(['Anna'])).toBe('Anna schreibt…');
    expect(typingText(['Anna', 'Ben'])).toBe('Anna und Ben schreiben…');
    expect(typingText(['Anna', 'Ben', 'Cleo'])).toBe('3 Personen schreiben…');
    expect(presenceText({ presence: 'away' })).toBe('Abwesend');
    expect(presenceText({ presence: 'offline', lastSeenAt: new Date(Date.now() - 5 * 60_000).toISOString() })).toBe(
      'Zuletzt online vor 5 Minuten',
    );
    expect(fileSize(1.5 * 1024 * 1024)).toBe('1,5 MB');
    const tooBig = new ApiError('too_large', 'server words', 413, 'file', undefined, { limitMb: 25 });
    expect(uploadErrorText(tooBig, 'urlaub.mov')).toBe(
      '„urlaub.mov“ ist zu groß zum Senden. Die Grenze liegt bei 25 MB.',
    );
    expect(uploadErrorText(new ApiError('too_large', '', 413), 'a.mov')).toContain('kleineren Datei');
    expect(fileSize(1)).toBe('1 Byte');
    expect(preview(message({ text: '', attachments: [{ id: 'a', name: 'x.png', type: 'image/png', size: 1 }] }))).toBe(
      'Hat ein Foto geschickt',
    );
  });

  it('renders the reply box and reactions in German, the quoted text as text', () => {
    const html = renderToStaticMarkup(
      <RoomComposer
        roomName="Familie"
        mentionOptions={[]}
        replyTo={message({ text: '<strong>laut</strong>' })}
        onCancelReply={() => undefined}
        onTyping={() => undefined}
        onSend={() => undefined}
      />,
    );
    expect(html).toContain('Antwort an <strong>Anna</strong>: &lt;strong&gt;laut&lt;/strong&gt;');
    expect(html).toContain('placeholder="Nachricht an Familie…"');
    expect(html).toContain('aria-label="Foto oder Datei hinzufügen"');

    const reacted = message({ reactions: [{ emoji: '👍', userIds: ['me', 'anna'] }] });
    const reactions = renderToStaticMarkup(
      <Reactions message={reacted} me="me" nameOf={() => 'Anna'} onToggle={() => undefined} />,
    );
    expect(reactions).toContain('title="Reagiert mit 👍: Du, Anna"');
  });
});
