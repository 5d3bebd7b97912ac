/**
 * The text of one ChatGPT message, as Hearth shows it (Markdown): text and multimodal parts,
 * code as a fenced block, quoted web pages as a quote; web citations become links. Everything
 * else — tool calls, browsing results, hidden system messages, reasoning summaries, memory —
 * is plumbing the user never saw as a message: null.
 */
import { z } from 'zod';

/** The fields of a ChatGPT message this importer reads (the rest is left unread). */
export const ChatGptMessage = z.object({
  author: z.object({ role: z.string().max(64) }),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  content: z.object({
    content_type: z.string().max(128),
    parts: z.array(z.unknown()).max(1000).nullish(),
    text: z.string().nullish(),
    language: z.string().max(64).nullish(),
    url: z.string().max(4000).nullish(),
    title: z.string().max(1000).nullish(),
  }),
  status: z.string().max(64).nullish(),
  recipient: z.string().max(256).nullish(),
  // Metadata changes between ChatGPT versions: read leniently, field by field.
  metadata: z.unknown().optional(),
});
export type ChatGptMessage = z.infer<typeof ChatGptMessage>;

const Citation = z.object({
  start_ix: z.number().int().min(0),
  end_ix: z.number().int().min(0),
  metadata: z.object({ title: z.string().max(500).nullish(), url: z.string().max(4000).nullish() }).nullish(),
});

/** A metadata field, when metadata is an object that has it. */
export function metadataField(message: ChatGptMessage, key: string): unknown {
  const meta = message.metadata;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) && Object.hasOwn(meta, key)
    ? (meta as Record<string, unknown>)[key]
    : undefined;
}

/** An http(s) URL made safe inside a Markdown link, or null. */
function linkTarget(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.href.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll(' ', '%20');
  } catch {
    return null;
  }
}

const linkText = (s: string) =>
  s
    .replace(/[[\]\\\n\r]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);

/** `[title](url)`, or '' without a usable URL. */
function link(title: string | null | undefined, url: string | null | undefined): string {
  const target = linkTarget(url);
  if (!target) return '';
  return `[${linkText(title ?? '') || new URL(target).hostname}](${target})`;
}

/** Citation markers (`【6†source】`, or the newer private-use `\ue200cite…\ue201`) → links, or removed. */
function withCitations(text: string, citations: unknown): string {
  const list = Array.isArray(citations)
    ? citations.slice(0, 1000).flatMap((c) => {
        const parsed = Citation.safeParse(c);
        return parsed.success && parsed.data.end_ix > parsed.data.start_ix ? [parsed.data] : [];
      })
    : [];
  let out = text;
  if (list.length > 0 && text.includes('【')) {
    // Offsets count code points (the export is written by Python).
    const chars = [...text];
    for (const c of [...list].sort((a, b) => b.start_ix - a.start_ix)) {
      const marker = chars.slice(c.start_ix, c.end_ix).join('');
      if (!/^【[^【】]*】$/.test(marker)) continue;
      const replacement = link(c.metadata?.title, c.metadata?.url);
      chars.splice(c.start_ix, c.end_ix - c.start_ix, ...(replacement ? [` ${replacement}`] : []));
    }
    out = chars.join('');
  }
  return out.replace(/【\d+(?:†[^【】\n]{0,200})?】/g, '').replace(/\ue200[^\ue201]{0,500}\ue201/g, '');
}

/** A fenced code block whose fence no backtick run in `code` can close. */
function fenced(code: string, language: string | null | undefined): string {
  let longest = 2;
  for (const run of code.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  const lang = language && language !== 'unknown' && /^[\w+#.-]{1,32}$/.test(language) ? language : '';
  return `${fence}${lang}\n${code}\n${fence}`;
}

/** The text of one part of a multimodal message. */
function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (typeof part !== 'object' || part === null || Array.isArray(part)) return '';
  const kind = (part as { content_type?: unknown }).content_type;
  const text = (part as { text?: unknown }).text;
  if (kind === 'image_asset_pointer') return '[image]';
  if (kind === 'audio_transcription' && typeof text === 'string') return text;
  return '';
}

const stringParts = (parts: readonly unknown[] | null | undefined) =>
  (parts ?? []).filter((p): p is string => typeof p === 'string');

/** The message's text as Hearth keeps it, or null when it is not a message the user saw. */
export function chatGptText(message: ChatGptMessage): string | null {
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return null;
  if (metadataField(message, 'is_visually_hidden_from_conversation') === true) return null;
  // Addressed to a tool (the browser, python…): a call, not something said to the user.
  if (message.recipient && message.recipient !== 'all') return null;
  const content = message.content;
  let text: string;
  switch (content.content_type) {
    case 'text':
      text = stringParts(content.parts).join('\n\n');
      break;
    case 'multimodal_text':
      text = (content.parts ?? [])
        .map(partText)
        .filter((p) => p !== '')
        .join('\n\n');
      break;
    case 'code':
      text = content.text ? fenced(content.text, content.language) : '';
      break;
    case 'tether_quote': {
      const quote = (content.text ?? '')
        .trim()
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
      const source = link(content.title, content.url);
      text = quote && source ? `${quote}\n>\n> — ${source}` : quote;
      break;
    }
    default:
      return null;
  }
  if (role === 'assistant') text = withCitations(text, metadataField(message, 'citations'));
  text = text.trim();
  return text === '' ? null : text;
}
